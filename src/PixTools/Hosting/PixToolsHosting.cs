using System.Text.Json;
using System.Text.Json.Serialization;
using PixTools.Api;
using PixTools.Intake;
using PixTools.Jobs.Views;
using PixTools.Webhooks;

namespace PixTools.Hosting;

/// <summary>The one place that reads configuration and registers PixTools' parts for the role in force.</summary>
public static class PixToolsHosting
{
    /// <summary>Environment variables with this prefix configure PixTools, <c>__</c> nesting sections (PIXTOOLS_LIMITS__MAXPIXELS).</summary>
    public const string EnvironmentPrefix = "PIXTOOLS_";

    public static Role AddPixTools(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        var role = RoleOf(builder.Configuration["Role"]);
        var services = builder.Services;
        builder.AddObservability();

        services.AddSingleton(TimeProvider.System);
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.Section);
        services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        services.AddCrossOrigin();
        services.AddImaging();
        services.AddDenoise(role);
        services.AddJobs(builder.Configuration, builder.Environment, role);
        services.AddStorage(builder.Configuration, builder.Environment);
        services.AddQueue(builder.Configuration, role);
        services.AddWebhooks(builder.Environment, role);
        services.AddJobEndSteps(role);
        services.AddBatches(role);
        services.AddPixToolsHealthChecks();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
            FrameworkProblemText.Fill(context);
        });
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Numbers are numbers: the web default (numbers read from strings too) made the OpenAPI document type every
            // integer as "integer or string", and generated clients with it. No JSON body here carries a number.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(options => options.AddDocumentTransformer<ApiDocumentInfo>().AddOperationTransformer<ProcessFormOpenApi>().AddOperationTransformer<BatchRefusalsOpenApi>());
        services.AddSingleton<UploadReader>();
        services.AddSingleton<UploadValidator>();
        services.AddSingleton<JobSubmission>();
        services.AddOverloadProtection(builder.Configuration);
        services.AddValidatedOptions<PublicUrlOptions>(PublicUrlOptions.Section);
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<JobViewBuilder>();
        // After the document's own transformers: adds the outputs field to the multipart form of POST /api/process.
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", options => options.AddOperationTransformer<OutputsOpenApi>());
        return role;
    }

    private static Role RoleOf(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => Role.All,
        "api" => Role.Api,
        "worker" => Role.Worker,
        _ => throw new InvalidOperationException($"Role (PIXTOOLS_ROLE) must be all, api or worker, got '{configured}'"),
    };
}
