using System.Numerics;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// Cube root of non-negative floats, a vector at a time, correctly rounded in practice. The precision matters:
/// SSIMULACRA 2 multiplies X (a difference of two cube roots) by 14, and a cube root one or two units in the last
/// place off moved a grey q92 JPEG's score by 0.2.
/// </summary>
internal static class VectorCbrt
{
    // Kahan's seed: a float's bits divided by three plus this constant is within about 3 % of its cube root.
    private const int Seed = 0x2a514067;

    public static Vector<float> Of(Vector<float> x)
    {
        var bits = Vector.AsVectorInt32(x);
        var third = Vector.ConvertToInt32(Vector.ConvertToSingle(bits) * (1f / 3f));
        var y = Vector.AsVectorSingle(third + new Vector<int>(Seed));
        // Newton steps, y ← (2y + x / y²) / 3: 3 % → 0.1 % → 1e-6 in float, then one in double → 1e-12, rounded once.
        y = (y + y + x / (y * y)) * (1f / 3f);
        y = (y + y + x / (y * y)) * (1f / 3f);
        Vector.Widen(y, out var y0, out var y1);
        Vector.Widen(x, out var x0, out var x1);
        y0 = (y0 + y0 + x0 / (y0 * y0)) * (1.0 / 3.0);
        y1 = (y1 + y1 + x1 / (y1 * y1)) * (1.0 / 3.0);
        var root = Vector.Narrow(y0, y1);
        return Vector.ConditionalSelect(Vector.Equals(x, Vector<float>.Zero), Vector<float>.Zero, root);
    }
}
