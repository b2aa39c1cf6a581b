namespace PixTools.Operations.Denoise;

/// <summary>Eigenvalues of a small real symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, 8.5).</summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// The <paramref name="n"/> eigenvalues (unordered) of the symmetric row-major <paramref name="matrix"/>, which
    /// is left unchanged. Jacobi rotations are accurate to the matrix's rounding even for tiny eigenvalues next to
    /// large ones, which is what the noise estimator reads; at n = 75 a call takes about a millisecond.
    /// </summary>
    public static double[] Values(double[] matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException($"expected {n}x{n} values", nameof(matrix));
        var a = (double[])matrix.Clone();
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var offDiagonal = 0.0;
            var diagonal = 0.0;
            for (var p = 0; p < n; p++)
            {
                diagonal += a[p * n + p] * a[p * n + p];
                for (var q = p + 1; q < n; q++) offDiagonal += a[p * n + q] * a[p * n + q];
            }
            if (offDiagonal <= 1e-30 * Math.Max(diagonal, double.Epsilon)) break;
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++) Rotate(a, n, p, q);
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = a[i * n + i];
        return values;
    }

    // Zeroes a[p,q] (and a[q,p]) with one plane rotation applied on both sides.
    private static void Rotate(double[] a, int n, int p, int q)
    {
        var apq = a[p * n + q];
        if (apq == 0) return;
        var app = a[p * n + p];
        var aqq = a[q * n + q];
        var theta = (aqq - app) / (2 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var akp = a[k * n + p];
            var akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (var k = 0; k < n; k++)
        {
            var apk = a[p * n + k];
            var aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
    }
}
