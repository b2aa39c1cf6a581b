namespace PixTools.Cli.Commands;

public static class ExitCodes
{
    /// <summary>Everything done (or skipped as done before).</summary>
    public const int Ok = 0;

    /// <summary>At least one file failed, or the job or batch asked for was not found.</summary>
    public const int SomeFailed = 1;

    /// <summary>Wrong options, missing paths, or the server could not be used at all (unreachable, key refused).</summary>
    public const int Unusable = 2;

    /// <summary>Stopped with Ctrl-C before the end.</summary>
    public const int Interrupted = 130;

    public static int Fail(string sentence)
    {
        Console.Error.WriteLine(sentence);
        return Unusable;
    }
}
