namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>Cholesky factorization and triangular inversion of small dense row-major matrices.</summary>
internal static class DenseCholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="a"/> with L, A = L Lᵀ, and zeroes the upper; false if A is not positive definite.</summary>
    public static bool TryDecompose(Span<double> a, int d)
    {
        for (var j = 0; j < d; j++)
        {
            var diagonal = a[j * d + j];
            for (var p = 0; p < j; p++)
            {
                diagonal -= a[j * d + p] * a[j * d + p];
            }

            if (!(diagonal > 0))
            {
                return false;
            }

            var ljj = Math.Sqrt(diagonal);
            a[j * d + j] = ljj;
            for (var i = j + 1; i < d; i++)
            {
                var sum = a[i * d + j];
                for (var p = 0; p < j; p++)
                {
                    sum -= a[i * d + p] * a[j * d + p];
                }

                a[i * d + j] = sum / ljj;
            }

            for (var i = 0; i < j; i++)
            {
                a[i * d + j] = 0;
            }
        }

        return true;
    }

    /// <summary>Inverse of a lower-triangular L (lower-triangular again), by forward substitution on the identity.</summary>
    public static void InvertLower(ReadOnlySpan<double> l, Span<double> inverse, int d)
    {
        inverse[..(d * d)].Clear();
        for (var column = 0; column < d; column++)
        {
            for (var i = column; i < d; i++)
            {
                var sum = i == column ? 1.0 : 0.0;
                for (var p = column; p < i; p++)
                {
                    sum -= l[i * d + p] * inverse[p * d + column];
                }

                inverse[i * d + column] = sum / l[i * d + i];
            }
        }
    }

    /// <summary>‖L v‖² for lower-triangular L.</summary>
    public static double LowerQuadratic(ReadOnlySpan<double> l, ReadOnlySpan<double> v, int d)
    {
        var total = 0.0;
        for (var i = 0; i < d; i++)
        {
            var y = 0.0;
            for (var p = 0; p <= i; p++)
            {
                y += l[i * d + p] * v[p];
            }

            total += y * y;
        }

        return total;
    }
}
