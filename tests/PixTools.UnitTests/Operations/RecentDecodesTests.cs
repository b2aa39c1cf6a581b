using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>The outputs of one HEIC upload share one decode; failures, expired and oversized decodes are not kept.</summary>
public sealed class RecentDecodesTests
{
    private static readonly byte[] Source = [1, 2, 3, 4];

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Decoder(int bytes = 10)
    {
        private int _calls;

        public int Calls => _calls;

        public byte[] Decode(byte[] source)
        {
            Interlocked.Increment(ref _calls);
            Thread.Sleep(50);
            return new byte[bytes];
        }
    }

    [Fact]
    public void DecodesTheSameSourceOnceForOutputsAskingOneAfterTheOther()
    {
        var recent = new RecentDecodes(1000, TimeSpan.FromSeconds(30), new Clock());
        var decoder = new Decoder();

        recent.GetOrDecode(Source, decoder.Decode);
        recent.GetOrDecode([.. Source], decoder.Decode);
        recent.GetOrDecode([9, 9], decoder.Decode);

        Assert.Equal(2, decoder.Calls);
    }

    [Fact]
    public async Task OutputsAskingAtTheSameTimeWaitForOneDecode()
    {
        var recent = new RecentDecodes(1000, TimeSpan.FromSeconds(30), new Clock());
        var decoder = new Decoder();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => recent.GetOrDecode(Source, decoder.Decode))));

        Assert.Equal(1, decoder.Calls);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void ForgetsADecodeAfterItsLifetime()
    {
        var clock = new Clock();
        var recent = new RecentDecodes(1000, TimeSpan.FromSeconds(30), clock);
        var decoder = new Decoder();

        recent.GetOrDecode(Source, decoder.Decode);
        clock.Now += TimeSpan.FromSeconds(31);
        recent.GetOrDecode(Source, decoder.Decode);

        Assert.Equal(2, decoder.Calls);
    }

    [Fact]
    public void KeepsNoFailureSoTheNextOutputTriesAgain()
    {
        var recent = new RecentDecodes(1000, TimeSpan.FromSeconds(30), new Clock());
        var calls = 0;

        Assert.Throws<ImageInputException>(() => recent.GetOrDecode(Source, _ => { calls++; throw new ImageInputException("damaged"); }));
        var decoded = recent.GetOrDecode(Source, _ => { calls++; return [7]; });

        Assert.Equal(2, calls);
        Assert.Equal([7], decoded);
    }

    [Fact]
    public void KeepsWithinItsBytesAndNothingWhenTurnedOff()
    {
        var large = new Decoder(bytes: 600);
        var recent = new RecentDecodes(1000, TimeSpan.FromSeconds(30), new Clock());
        recent.GetOrDecode([1], large.Decode);
        recent.GetOrDecode([2], large.Decode);
        // 1200 bytes do not fit in 1000: the older goes.
        Assert.Equal(1, recent.Count);
        recent.GetOrDecode([2], large.Decode);
        Assert.Equal(2, large.Calls);

        var tooLarge = new RecentDecodes(500, TimeSpan.FromSeconds(30), new Clock());
        tooLarge.GetOrDecode([1], large.Decode);
        Assert.Equal(0, tooLarge.Count);

        var off = new RecentDecodes(0, TimeSpan.FromSeconds(30), new Clock());
        var decoder = new Decoder();
        off.GetOrDecode(Source, decoder.Decode);
        off.GetOrDecode(Source, decoder.Decode);
        Assert.Equal(2, decoder.Calls);
    }
}
