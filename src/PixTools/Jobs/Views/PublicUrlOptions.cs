namespace PixTools.Jobs.Views;

/// <summary>The address PixTools' own URLs start with, read from section <c>Api</c> (beside the API key, which only the API reads).</summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Api";

    /// <summary>Base address put in front of relative download URLs, e.g. <c>https://pixtools.example.com</c>; default: the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }
}
