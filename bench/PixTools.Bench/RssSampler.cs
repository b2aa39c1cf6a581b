namespace PixTools.Bench;

/// <summary>Samples the resident set (VmRSS) of the PixTools processes every 250 ms: the peak of any one process and of their sum.</summary>
internal sealed class RssSampler(Func<IReadOnlyList<int>> pids)
{
    private long peakOne;
    private long peakSum;

    public double PeakOneMiB => Interlocked.Read(ref peakOne) / 1024.0 / 1024.0;

    public double PeakSumMiB => Interlocked.Read(ref peakSum) / 1024.0 / 1024.0;

    public void Reset()
    {
        Interlocked.Exchange(ref peakOne, 0);
        Interlocked.Exchange(ref peakSum, 0);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (one, sum) = Sample();
            if (one > Interlocked.Read(ref peakOne)) Interlocked.Exchange(ref peakOne, one);
            if (sum > Interlocked.Read(ref peakSum)) Interlocked.Exchange(ref peakSum, sum);
            await Task.Delay(250, CancellationToken.None);
        }
    }

    /// <summary>The largest process's RSS and the sum, in bytes, now.</summary>
    public (long One, long Sum) Sample()
    {
        long one = 0, sum = 0;
        foreach (var pid in pids())
        {
            var rss = RssOf(pid);
            one = Math.Max(one, rss);
            sum += rss;
        }
        return (one, sum);
    }

    public static long RssOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }
        return 0;
    }
}
