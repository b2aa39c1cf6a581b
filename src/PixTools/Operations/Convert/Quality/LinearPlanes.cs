using System.Numerics;
using System.Runtime.InteropServices;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// Three float planes (R, G, B or X, Y, B), row-major, width × height: the working form of SSIMULACRA 2. Built from
/// 8-bit sRGB in linear light, halved in linear light, turned into its rescaled XYB.
/// </summary>
internal sealed class LinearPlanes
{
    private static readonly float[] SrgbToLinear = BuildLinearTable();

    // libjxl's opsin absorbance matrix and bias (lib/jxl/cms/opsin_params.h), the basis of XYB.
    private const float M00 = 0.30f, M02 = 0.078f, M01 = 1.0f - M02 - M00;
    private const float M10 = 0.23f, M12 = 0.078f, M11 = 1.0f - M12 - M10;
    private const float M20 = 0.24342268924547819f, M21 = 0.20476744424496821f, M22 = 1.0f - M20 - M21;
    private const float Bias = 0.0037930732552754493f;
    private static readonly float CbrtBias = MathF.Cbrt(Bias);

    public LinearPlanes(int width, int height)
    {
        Width = width;
        Height = height;
        var size = (long)width * height;
        P0 = new float[size];
        P1 = new float[size];
        P2 = new float[size];
    }

    public int Width { get; }
    public int Height { get; }
    public float[] P0 { get; }
    public float[] P1 { get; }
    public float[] P2 { get; }
    public int Length => P0.Length;

    public float[] Plane(int c) => c switch { 0 => P0, 1 => P1, _ => P2 };

    /// <summary>
    /// Linear-light planes from interleaved 8-bit pixels with <paramref name="bands"/> bands (1 grey, 2 grey + alpha,
    /// 3 RGB, 4 RGBA). Alpha is blended onto mid-grey (0.5) in the encoded values first, as the reference tool does.
    /// </summary>
    public static LinearPlanes FromSrgb8(ReadOnlySpan<byte> pixels, int width, int height, int bands)
    {
        var planes = new LinearPlanes(width, height);
        var count = planes.Length;
        var colour = bands >= 3;
        var alpha = bands is 2 or 4;
        for (var i = 0; i < count; i++)
        {
            var p = i * bands;
            if (!alpha)
            {
                planes.P0[i] = SrgbToLinear[pixels[p]];
                planes.P1[i] = SrgbToLinear[pixels[colour ? p + 1 : p]];
                planes.P2[i] = SrgbToLinear[pixels[colour ? p + 2 : p]];
                continue;
            }
            var a = pixels[p + bands - 1] / 255f;
            planes.P0[i] = Blend(pixels[p], a);
            planes.P1[i] = Blend(pixels[colour ? p + 1 : p], a);
            planes.P2[i] = Blend(pixels[colour ? p + 2 : p], a);
        }
        return planes;
    }

    /// <summary>Half the size (rounded up), each pixel the mean of a 2×2 block, edges repeated.</summary>
    public LinearPlanes Halve()
    {
        var w = (Width + 1) / 2;
        var h = (Height + 1) / 2;
        var half = new LinearPlanes(w, h);
        for (var c = 0; c < 3; c++)
        {
            var src = Plane(c);
            var dst = half.Plane(c);
            for (var oy = 0; oy < h; oy++)
            {
                var y0 = 2 * oy * Width;
                var y1 = Math.Min(2 * oy + 1, Height - 1) * Width;
                for (var ox = 0; ox < w; ox++)
                {
                    var x0 = 2 * ox;
                    var x1 = Math.Min(2 * ox + 1, Width - 1);
                    // Same order of additions as the reference: row by row, left to right.
                    var sum = src[y0 + x0] + src[y0 + x1] + src[y1 + x0] + src[y1 + x1];
                    dst[oy * w + ox] = sum * 0.25f;
                }
            }
        }
        return half;
    }

    /// <summary>
    /// SSIMULACRA 2's XYB of these linear planes: libjxl's XYB (opsin absorbance, cube root) rescaled to about 0..1,
    /// with B replaced by B − Y.
    /// </summary>
    public LinearPlanes ToPositiveXyb()
    {
        var xyb = new LinearPlanes(Width, Height);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var r = MemoryMarshal.Cast<float, Vector<float>>(P0.AsSpan());
            var g = MemoryMarshal.Cast<float, Vector<float>>(P1.AsSpan());
            var b = MemoryMarshal.Cast<float, Vector<float>>(P2.AsSpan());
            var x = MemoryMarshal.Cast<float, Vector<float>>(xyb.P0.AsSpan());
            var y = MemoryMarshal.Cast<float, Vector<float>>(xyb.P1.AsSpan());
            var z = MemoryMarshal.Cast<float, Vector<float>>(xyb.P2.AsSpan());
            var bias = new Vector<float>(Bias);
            var cbrtBias = new Vector<float>(CbrtBias);
            for (var v = 0; v < r.Length; v++)
            {
                var m0 = VectorCbrt.Of(Vector.Max(r[v] * M00 + g[v] * M01 + b[v] * M02 + bias, Vector<float>.Zero)) - cbrtBias;
                var m1 = VectorCbrt.Of(Vector.Max(r[v] * M10 + g[v] * M11 + b[v] * M12 + bias, Vector<float>.Zero)) - cbrtBias;
                var m2 = VectorCbrt.Of(Vector.Max(r[v] * M20 + g[v] * M21 + b[v] * M22 + bias, Vector<float>.Zero)) - cbrtBias;
                var ly = (m0 + m1) * 0.5f;
                x[v] = (m0 - m1) * 0.5f * 14f + new Vector<float>(0.42f);
                y[v] = ly + new Vector<float>(0.01f);
                z[v] = (m2 - ly) + new Vector<float>(0.55f);
            }
            i = r.Length * Vector<float>.Count;
        }
        for (; i < Length; i++)
        {
            float r = P0[i], g = P1[i], b = P2[i];
            var m0 = MathF.Cbrt(Math.Max(M00 * r + M01 * g + M02 * b + Bias, 0f)) - CbrtBias;
            var m1 = MathF.Cbrt(Math.Max(M10 * r + M11 * g + M12 * b + Bias, 0f)) - CbrtBias;
            var m2 = MathF.Cbrt(Math.Max(M20 * r + M21 * g + M22 * b + Bias, 0f)) - CbrtBias;
            var x = 0.5f * (m0 - m1);
            var y = 0.5f * (m0 + m1);
            xyb.P0[i] = x * 14f + 0.42f;
            xyb.P1[i] = y + 0.01f;
            xyb.P2[i] = (m2 - y) + 0.55f;
        }
        return xyb;
    }

    private static float Blend(byte value, float alpha) => Linear(alpha * (value / 255f) + (1f - alpha) * 0.5f);

    private static float Linear(float encoded) => encoded <= 0.04045f
        ? encoded / 12.92f
        : (float)Math.Pow((encoded + 0.055) / 1.055, 2.4);

    private static float[] BuildLinearTable()
    {
        var table = new float[256];
        for (var v = 0; v < 256; v++) table[v] = Linear(v / 255f);
        return table;
    }
}
