using PixTools.Api;

namespace PixTools.UnitTests.Api;

/// <summary>An event stream reads four times a second after a change and slows to once a second while nothing changes.</summary>
public sealed class EventPollingTests
{
    [Fact]
    public void WaitsDoubleWhileNothingChangesAndStartOverAfterAChange()
    {
        var waits = new List<double>();
        var wait = JobEventsEndpoint.PollInterval;
        foreach (var changed in new[] { true, false, false, false, false, true, false })
        {
            wait = JobEventsEndpoint.NextPoll(wait, changed);
            waits.Add(wait.TotalMilliseconds);
        }
        Assert.Equal([250, 500, 1000, 1000, 1000, 250, 500], waits);
    }
}
