using System.Runtime.InteropServices;

namespace PixTools.Cli.Commands;

/// <summary>
/// Ctrl-C and SIGTERM: the running command is asked to stop through <see cref="Token"/> (a watch prints its summary,
/// a batch records what it finished); if it has not ended <c>grace</c> later, the process exits anyway with
/// <see cref="ExitCodes.Interrupted"/>, so a stuck request can never make the client unkillable. Replaces
/// System.CommandLine's own handling, which once left `pixtools watch` running after SIGINT (a CI run on a loaded machine).
/// </summary>
public sealed class ProcessTermination : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly TimeSpan grace;

    public ProcessTermination(TimeSpan grace)
    {
        this.grace = grace;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    public CancellationToken Token => stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // this process ends itself, below
        if (stop.IsCancellationRequested) return;
        stop.Cancel();
        _ = Task.Delay(grace).ContinueWith(_ => Environment.Exit(ExitCodes.Interrupted), TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
        stop.Dispose();
    }
}
