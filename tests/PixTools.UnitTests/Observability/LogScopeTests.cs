using PixTools.Observability;

namespace PixTools.UnitTests.Observability;

public sealed class LogScopeTests
{
    [Fact]
    public void ItsValuesAreFieldsAndItsTextNamesThem()
    {
        var jobId = Guid.Parse("01a24fb9-1eb1-7d10-8d40-c688beea7824");
        var scope = new LogScope(new("JobId", jobId), new("RequestId", null), new("Operation", "webp"));

        Assert.Equal(3, scope.Count);
        Assert.Equal([("JobId", (object?)jobId), ("RequestId", null), ("Operation", "webp")], scope.Select(v => (v.Key, v.Value)));
        // A value that is not there (no request id for a message from an older sender) is left out of the text.
        Assert.Equal("JobId:01a24fb9-1eb1-7d10-8d40-c688beea7824, Operation:webp", scope.ToString());
        Assert.Equal("RequestId:abc", LogScope.Of("RequestId", "abc").ToString());
    }
}
