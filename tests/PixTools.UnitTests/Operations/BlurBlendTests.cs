using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

public sealed class BlurBlendTests
{
    [Theory]
    [InlineData(0.3, 3)]
    [InlineData(1.3, 11)]
    [InlineData(3.3, 27)]
    public void TheKernelIsOpenCvsForFloatImages(double sigma, int size)
    {
        var kernel = BlurBlend.Kernel(sigma);

        Assert.Equal(size, kernel.Length);
        Assert.Equal(1f, kernel.Sum(), 5);
        Assert.Equal(kernel, kernel.Reverse());
        Assert.Equal(kernel.Max(), kernel[size / 2]);
    }

    [Fact]
    public void TheNetworkKeepsNineTenthsAndTheBlurredInputTheRest()
    {
        const int width = 31, height = 21;
        var input = new float[3 * width * height];
        var output = new float[input.Length];
        // Input: one bright pixel in the red plane; the network's output: 0.5 everywhere.
        input[10 * width + 15] = 1f;
        Array.Fill(output, 0.5f);

        BlurBlend.Apply(input, output, width, height, strength: 25, new float[width * height]);

        var kernel = BlurBlend.Kernel(BlurBlend.Sigma(25));
        var radius = kernel.Length / 2;
        // The red plane: 0.45 plus a tenth of the impulse spread by the 2-D kernel; green and blue: 0.45.
        Assert.Equal(0.45f + 0.1f * kernel[radius] * kernel[radius], output[10 * width + 15], 5);
        Assert.Equal(0.45f + 0.1f * kernel[radius + 1] * kernel[radius - 2], output[(10 + 1) * width + 15 - 2], 5);
        Assert.Equal(0.45f, output[width * height + 10 * width + 15], 5);
        Assert.Equal(0.45f, output[3 * width * height - 1], 5);
        // The blur moves the impulse's light around without adding any: a tenth of it is in the result.
        Assert.Equal(0.45 * output.Length + 0.1, output.Sum(v => (double)v), 3);
    }

    [Fact]
    public void AFlatPictureStaysFlatUpToItsEdges()
    {
        const int width = 7, height = 1;
        var input = Enumerable.Repeat(0.25f, 3 * width * height).ToArray();
        var output = (float[])input.Clone();

        BlurBlend.Apply(input, output, width, height, strength: 75, new float[width * height]);

        // The mirrored border adds nothing a flat picture does not have (a 27-tap kernel on a 7-pixel row, 1 high).
        Assert.All(output, v => Assert.Equal(0.25f, v, 6));
    }
}
