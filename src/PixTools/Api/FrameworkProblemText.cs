namespace PixTools.Api;

/// <summary>
/// A plain sentence for the problems ASP.NET Core answers by itself, before any endpoint runs (an unknown address,
/// a method the address does not take, a body of the wrong type), which otherwise carry a title and no <c>detail</c>.
/// A detail an endpoint wrote is left as it is.
/// </summary>
public static class FrameworkProblemText
{
    public static void Fill(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null) return;
        var http = context.HttpContext;
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => "There is nothing at this address; the API's addresses are listed at /docs.",
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed(http),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedBody(http),
            _ => null,
        };
    }

    private static string MethodNotAllowed(HttpContext http)
    {
        var allowed = http.Response.Headers.Allow.ToString();
        return allowed.Length == 0
            ? $"This address does not take {http.Request.Method} requests."
            : $"This address does not take {http.Request.Method} requests; it takes {allowed}.";
    }

    /// <summary>
    /// Routing answers 415 from an endpoint of its own, without the refused one's metadata; the only endpoints that
    /// declare a body type are the two multipart forms (POST /api/process and /api/batches).
    /// </summary>
    private static string UnsupportedBody(HttpContext http)
    {
        var sent = string.IsNullOrEmpty(http.Request.ContentType) ? "a body without a type" : http.Request.ContentType.Split(';')[0].Trim();
        return $"The request must be sent as multipart/form-data (the image in a field named file, with operations or outputs), not as {sent}.";
    }
}
