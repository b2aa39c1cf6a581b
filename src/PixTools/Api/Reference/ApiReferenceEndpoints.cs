namespace PixTools.Api.Reference;

/// <summary>
/// The API reference at /docs (server-rendered HTML, <see cref="ApiReferencePage"/>) and, for sending requests from the
/// browser, Swagger UI at /docs/try, its scripts served from the package: neither loads anything from elsewhere.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string Path = "/docs";
    public const string TryPath = "/docs/try/";
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";
    public const string StylesheetPath = "/reference.css";
    private const string DocumentName = "v1";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        var page = new ApiReferencePage(DocumentName, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiReferencePage)));
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], page.ServeAsync).ExcludeFromDescription();
        // Swagger UI lived at /docs/index.html before; a bookmark of it lands on the reference.
        app.MapGet(Path + "/index.html", () => Results.Redirect(Path, permanent: true)).ExcludeFromDescription();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = TryPath.Trim('/');
            options.DocumentTitle = "PixTools API — try it";
            options.SwaggerEndpoint(DocumentPath, "PixTools API");
            options.ConfigObject.ValidatorUrl = null;
            options.DisplayRequestDuration();
        });
        return app;
    }
}
