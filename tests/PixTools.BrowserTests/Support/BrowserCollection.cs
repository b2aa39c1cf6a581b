namespace PixTools.BrowserTests.Support;

/// <summary>One server and one browser for every browser test; each test still owns its page, jobs and inbox.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PixToolsServer>
{
    public const string Name = "browser";
}
