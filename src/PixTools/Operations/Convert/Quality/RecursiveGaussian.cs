using System.Numerics;
using System.Runtime.InteropServices;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// Gaussian blur (σ 1.5) as SSIMULACRA 2 defines it: the recursive filter of Charalampidis, "Recursive Implementation
/// of the Gaussian Filter Using Truncated Cosine Functions" (2016), three second-order sections (k = 1, 3, 5) run
/// forwards only, with zeros outside the image, first along each row and then down each column. Written here from
/// the paper's equations (33)–(57) as libjxl's tools/gauss_blur.cc (BSD-3-Clause) applies them; scalar along rows,
/// vectorised across columns.
/// </summary>
internal sealed class RecursiveGaussian
{
    /// <summary>The blur SSIMULACRA 2 uses.</summary>
    public static readonly RecursiveGaussian Sigma15 = new(1.5);

    private readonly int _radius;
    private readonly float[] _n2 = new float[3];
    private readonly float[] _d1 = new float[3];

    private RecursiveGaussian(double sigma)
    {
        var radius = Math.Round(3.2795 * sigma + 0.2546); // (57)
        var piOver2R = Math.PI / (2.0 * radius);
        double[] omega = [piOver2R, 3.0 * piOver2R, 5.0 * piOver2R];
        // (37) and (44), k = 1, 3, 5; the signs alternate.
        var p1 = 1.0 / Math.Tan(0.5 * omega[0]);
        var p3 = -1.0 / Math.Tan(0.5 * omega[1]);
        var p5 = 1.0 / Math.Tan(0.5 * omega[2]);
        var r1 = p1 * p1 / Math.Sin(omega[0]);
        var r3 = -p3 * p3 / Math.Sin(omega[1]);
        var r5 = p5 * p5 / Math.Sin(omega[2]);
        // (50)
        var rho = new double[3];
        for (var i = 0; i < 3; i++) rho[i] = Math.Exp(-0.5 * sigma * sigma * omega[i] * omega[i]) / radius;
        // (52)
        var d13 = p1 * r3 - r1 * p3;
        var d35 = p3 * r5 - r3 * p5;
        var d51 = p5 * r1 - r5 * p1;
        var zeta15 = d35 / d13;
        var zeta35 = d51 / d13;
        // (53)–(56): solve A·β = γ.
        double[,] a = { { p1, p3, p5 }, { r1, r3, r5 }, { zeta15, zeta35, 1 } };
        double[] gamma = [1, radius * radius - sigma * sigma, zeta15 * rho[0] + zeta35 * rho[1] + rho[2]];
        var beta = Solve3(a, gamma);
        _radius = (int)radius;
        for (var i = 0; i < 3; i++)
        {
            _n2[i] = (float)(-beta[i] * Math.Cos(omega[i] * (radius + 1.0))); // (33)
            _d1[i] = (float)(-2.0 * Math.Cos(omega[i]));
        }
    }

    /// <summary>Blurs <paramref name="input"/> (row-major, width × height) into <paramref name="output"/>; <paramref name="temp"/> is scratch of the same size.</summary>
    public void Blur(ReadOnlySpan<float> input, Span<float> output, Span<float> temp, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            Horizontal(input.Slice(y * width, width), temp.Slice(y * width, width));
        }
        Vertical(temp, output, width, height);
    }

    private void Horizontal(ReadOnlySpan<float> row, Span<float> output)
    {
        var n = row.Length;
        float a1 = 0, a3 = 0, a5 = 0, b1 = 0, b3 = 0, b5 = 0; // y[n-1] and y[n-2] of each section
        float n21 = _n2[0], n23 = _n2[1], n25 = _n2[2], d11 = _d1[0], d13 = _d1[1], d15 = _d1[2];
        var r = _radius;
        for (var i = -r + 1; i < n; i++)
        {
            var left = i - r - 1;
            var right = i + r - 1;
            var sum = (left >= 0 ? row[left] : 0f) + (right < n ? row[right] : 0f);
            var y1 = n21 * sum - d11 * a1 - b1;
            var y3 = n23 * sum - d13 * a3 - b3;
            var y5 = n25 * sum - d15 * a5 - b5;
            b1 = a1; b3 = a3; b5 = a5;
            a1 = y1; a3 = y3; a5 = y5;
            if (i >= 0) output[i] = y1 + y3 + y5;
        }
    }

    private void Vertical(ReadOnlySpan<float> input, Span<float> output, int width, int height)
    {
        // y[n-1] and y[n-2] of each section, one value per column.
        var state = new float[6 * width];
        var prev = new Span<float>(state, 0, 3 * width);
        var prev2 = new Span<float>(state, 3 * width, 3 * width);
        var zero = new float[width];
        var r = _radius;
        var sum = new float[width];
        for (var n = -r + 1; n < height; n++)
        {
            var top = n - r - 1;
            var bottom = n + r - 1;
            ReadOnlySpan<float> topRow = top >= 0 ? input.Slice(top * width, width) : zero;
            ReadOnlySpan<float> bottomRow = bottom < height ? input.Slice(bottom * width, width) : zero;
            Add(topRow, bottomRow, sum);
            var outRow = n >= 0 ? output.Slice(n * width, width) : Span<float>.Empty;
            Step(sum, prev, prev2, outRow, width);
        }
    }

    private void Step(ReadOnlySpan<float> sum, Span<float> prev, Span<float> prev2, Span<float> outRow, int width)
    {
        var write = !outRow.IsEmpty;
        if (write) outRow.Clear();
        for (var k = 0; k < 3; k++)
        {
            var p = prev.Slice(k * width, width);
            var p2 = prev2.Slice(k * width, width);
            var n2 = _n2[k];
            var d1 = _d1[k];
            var x = 0;
            if (Vector.IsHardwareAccelerated && width >= Vector<float>.Count)
            {
                var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
                var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
                var vp2 = MemoryMarshal.Cast<float, Vector<float>>(p2);
                var vo = write ? MemoryMarshal.Cast<float, Vector<float>>(outRow) : Span<Vector<float>>.Empty;
                var vn2 = new Vector<float>(n2);
                var vd1 = new Vector<float>(d1);
                for (var v = 0; v < vs.Length; v++)
                {
                    var y = vn2 * vs[v] - vd1 * vp[v] - vp2[v];
                    vp2[v] = vp[v];
                    vp[v] = y;
                    if (write) vo[v] += y;
                }
                x = vs.Length * Vector<float>.Count;
            }
            for (; x < width; x++)
            {
                var y = n2 * sum[x] - d1 * p[x] - p2[x];
                p2[x] = p[x];
                p[x] = y;
                if (write) outRow[x] += y;
            }
        }
    }

    private static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum)
    {
        for (var x = 0; x < sum.Length; x++) sum[x] = a[x] + b[x];
    }

    private static double[] Solve3(double[,] a, double[] g)
    {
        static double Det(double[,] m) =>
            m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
            - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
            + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var det = Det(a);
        var x = new double[3];
        for (var c = 0; c < 3; c++)
        {
            var m = (double[,])a.Clone();
            for (var row = 0; row < 3; row++) m[row, c] = g[row];
            x[c] = Det(m) / det; // Cramer's rule
        }
        return x;
    }
}
