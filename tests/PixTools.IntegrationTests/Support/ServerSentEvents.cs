namespace PixTools.IntegrationTests.Support;

/// <summary>One server-sent event: its name and data.</summary>
public sealed record ServerSentEvent(string Name, string Data);

/// <summary>Reads an event stream (a job's, a batch's) until <c>event: end</c> (or the deadline).</summary>
public static class ServerSentEvents
{
    public static async Task<List<ServerSentEvent>> ReadAsync(HttpResponseMessage response, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<ServerSentEvent>();
        string? name = null;
        var data = "";
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data += line["data: ".Length..];
            else if (line.Length == 0 && name is not null)
            {
                events.Add(new ServerSentEvent(name, data));
                if (name == "end") break;
                (name, data) = (null, "");
            }
        }
        return events;
    }
}
