namespace PixTools.Api;

/// <summary>The HTTP API, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>When set, POST /api/process and GET /api/jobs/* require it in the X-API-Key header (probes, /metrics and downloads never do).</summary>
    public string? ApiKey { get; set; }
}
