using System.Runtime.Intrinsics;
using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z &lt; 1, as BG/NBD's expectations need
/// it (Fader, Hardie &amp; Lee 2005, eqs. 7 and 10).
/// <para>Method (Abramowitz &amp; Stegun 1964, ch. 15; DLMF §15.2, §15.8):</para>
/// <list type="bullet">
/// <item>0 ≤ z ≤ 0.9: the defining series Σ (a)_n (b)_n / ((c)_n n!) z^n (A&amp;S 15.1.1), summed until a bound on
/// the remaining tail (next term ratio, or |z| if larger, as a geometric ratio) is below 1e-16 of the sum;</item>
/// <item>z &lt; 0: Pfaff's transformation (A&amp;S 15.3.4) 2F1(a,b;c;z) = (1−z)^−a 2F1(a, c−b; c; z/(z−1)), which maps
/// z to [0, 1);</item>
/// <item>0.9 &lt; z &lt; 1: the linear transformation to 1 − z (A&amp;S 15.3.6), whose two series converge at
/// least as fast as 0.1^n, used when c − a − b is not within 1e-5 of an integer (there its gamma factors have
/// poles and cancel); in that case the defining series is summed instead, up to 10^7 terms, which covers
/// z ≤ 0.999996, and an <see cref="ArithmeticException"/> is thrown beyond that.</item>
/// </list>
/// </summary>
public static class GaussHypergeometric
{
    private const double SeriesLimit = 0.9;
    private const double IntegerTolerance = 1e-5;
    private const double RelativeTolerance = 1e-16;
    private const int MaxTerms = 10_000_000;
    private const int MaxStackArguments = 256;

    // Arguments summed in one loop over the series' terms: four vectors of four, the horizons of a year of monthly
    // CLV periods and the classifier's.
    private const int LanesPerPass = 16;

    public static double Evaluate(double a, double b, double c, double z)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c) || !double.IsFinite(z))
        {
            throw new ArgumentException($"2F1({a}, {b}; {c}; {z}) needs finite arguments.");
        }

        if (z >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is evaluated here only for z < 1.");
        }

        if (IsNonPositiveInteger(c) && !(IsNonPositiveInteger(a) && a > c) && !(IsNonPositiveInteger(b) && b > c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "2F1 has a pole where c is a non-positive integer.");
        }

        if (z == 0.0)
        {
            return 1.0;
        }

        if (z < 0.0)
        {
            return Math.Pow(1.0 - z, -a) * Evaluate(a, c - b, c, z / (z - 1.0));
        }

        var d = c - a - b;
        return z <= SeriesLimit || Math.Abs(d - Math.Round(d)) <= IntegerTolerance
            ? Series(a, b, c, z)
            : TransformToOneMinusZ(a, b, c, z);
    }

    /// <summary>
    /// 2F1(a, b; c; z) for several z with the same a, b, c: the values <see cref="Evaluate"/> gives for each, bit for
    /// bit. The defining series of the z that take it are summed together, up to sixteen in one loop, four per vector:
    /// their term ratios (a+n)(b+n)/((c+n)(n+1)) are the same, so each is computed once per n and every z keeps its
    /// own stopping rule.
    /// </summary>
    /// <param name="results">One value per entry of <paramref name="z"/>.</param>
    public static void EvaluateMany(double a, double b, double c, ReadOnlySpan<double> z, Span<double> results)
    {
        if (results.Length != z.Length)
        {
            throw new ArgumentException($"{z.Length} arguments need as many results, not {results.Length}.", nameof(results));
        }

        var d = c - a - b;
        var seriesOnly = Math.Abs(d - Math.Round(d)) <= IntegerTolerance;
        var plain = double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) && !IsNonPositiveInteger(c);
        Span<int> lanes = z.Length <= MaxStackArguments ? stackalloc int[z.Length] : new int[z.Length];
        var count = 0;
        for (var i = 0; i < z.Length; i++)
        {
            // Every z that Evaluate sends straight to the series is summed below; the rest take Evaluate's own path.
            if (plain && z[i] > 0.0 && (z[i] <= SeriesLimit || (seriesOnly && z[i] < 1.0)))
            {
                lanes[count++] = i;
            }
            else
            {
                results[i] = Evaluate(a, b, c, z[i]);
            }
        }

        Span<double> chunk = stackalloc double[LanesPerPass];
        Span<double> sums = stackalloc double[LanesPerPass];
        for (var start = 0; start < count; start += LanesPerPass)
        {
            var width = Math.Min(LanesPerPass, count - start);
            for (var k = 0; k < chunk.Length; k++)
            {
                // Unused lanes repeat the last z; their sums are not read.
                chunk[k] = z[lanes[start + Math.Min(k, width - 1)]];
            }

            SeriesTogether(a, b, c, chunk, width, sums);
            for (var k = 0; k < width; k++)
            {
                results[lanes[start + k]] = sums[k];
            }
        }
    }

    /// <summary>
    /// <see cref="Series"/> of <see cref="LanesPerPass"/> arguments in one loop over n, with the same operations in the
    /// same order per argument, so the same sums. The stopping rule's division is done only where it can succeed:
    /// |term|·ratio / (1 − ratio) is at least |term|·ratio for a ratio in [0, 1) (dividing by at most one, and
    /// rounding is monotonic), so while the product alone is above the tolerance the rule cannot hold.
    /// </summary>
    /// <param name="width">The arguments in use; vectors wholly beyond them are not summed.</param>
    private static void SeriesTogether(double a, double b, double c, ReadOnlySpan<double> arguments, int width, Span<double> sums)
    {
        const int vectors = LanesPerPass / 4;
        var one = Vector256<double>.One;
        var tolerance = Vector256.Create(RelativeTolerance);
        Span<Vector256<double>> z = stackalloc Vector256<double>[vectors];
        Span<Vector256<double>> absZ = stackalloc Vector256<double>[vectors];
        Span<Vector256<double>> sum = stackalloc Vector256<double>[vectors];
        Span<Vector256<double>> term = stackalloc Vector256<double>[vectors];
        Span<Vector256<double>> running = stackalloc Vector256<double>[vectors];
        for (var v = 0; v < vectors; v++)
        {
            z[v] = Vector256.Create<double>(arguments[(4 * v)..]);
            absZ[v] = Vector256.Abs(z[v]);
            sum[v] = one;
            term[v] = one;
            running[v] = 4 * v < width ? Vector256<double>.AllBitsSet : Vector256<double>.Zero;
        }

        for (var n = 0; n < MaxTerms; n++)
        {
            // The two ratios as Series writes them: (a + n + 1) and a + (n + 1) may round differently.
            var ratio = Vector256.Create((a + n) * (b + n) / ((c + n) * (n + 1)));
            var nextRatio = Vector256.Create((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)));
            var any = false;
            for (var v = 0; v < vectors; v++)
            {
                var active = running[v];
                if (active == Vector256<double>.Zero)
                {
                    continue;
                }

                // A lane that has stopped keeps its sum: its term is masked to zero (adding +0 changes no sum).
                var t = Vector256.ConditionalSelect(active, term[v] * (ratio * z[v]), term[v]);
                var s = sum[v] + (t & active);
                var next = Vector256.Max(Vector256.Abs(nextRatio * z[v]), absZ[v]);
                var tail = Vector256.Abs(t) * next;
                var limit = tolerance * Vector256.Abs(s);
                var converged = Vector256.Equals(t, Vector256<double>.Zero);
                var candidate = Vector256.LessThan(next, one) & Vector256.LessThanOrEqual(tail, limit);
                if (candidate != Vector256<double>.Zero)
                {
                    converged |= candidate & Vector256.LessThanOrEqual(tail / (one - next), limit);
                }

                term[v] = t;
                sum[v] = s;
                running[v] = active & ~converged;
                any |= running[v] != Vector256<double>.Zero;
            }

            if (!any)
            {
                for (var v = 0; v < vectors; v++)
                {
                    sum[v].CopyTo(sums[(4 * v)..]);
                }

                return;
            }
        }

        throw new ArithmeticException(
            $"The series of 2F1({a}, {b}; {c}; z) did not converge in {MaxTerms} terms (z too close to 1 with c − a − b an integer).");
    }

    /// <summary>A&amp;S 15.1.1, with a geometric bound on the tail as the stopping rule.</summary>
    internal static double Series(double a, double b, double c, double z)
    {
        var sum = 1.0;
        var term = 1.0;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0.0)
            {
                return sum;
            }

            var nextRatio = Math.Abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)) * z);
            var ratio = Math.Max(nextRatio, Math.Abs(z));
            if (ratio < 1.0 && Math.Abs(term) * ratio / (1.0 - ratio) <= RelativeTolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException(
            $"The series of 2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms (z too close to 1 with c − a − b an integer).");
    }

    /// <summary>A&amp;S 15.3.6: c − a − b not an integer, 0 &lt; 1 − z &lt; 0.1.</summary>
    private static double TransformToOneMinusZ(double a, double b, double c, double z)
    {
        var d = c - a - b;
        var w = 1.0 - z;
        var first = GammaRatio([c, d], [c - a, c - b]) * Series(a, b, 1.0 - d, w);
        var second = GammaRatio([c, -d], [a, b]) * Math.Pow(w, d) * Series(c - a, c - b, 1.0 + d, w);
        return first + second;
    }

    /// <summary>Π Γ(numerator) / Π Γ(denominator) with signs; 0 when a denominator sits on a pole of Γ.</summary>
    private static double GammaRatio(ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator)
    {
        var logMagnitude = 0.0;
        var sign = 1.0;
        foreach (var x in denominator)
        {
            var (log, s) = LogAbsGamma(x);
            if (s == 0)
            {
                return 0.0;
            }

            logMagnitude -= log;
            sign *= s;
        }

        foreach (var x in numerator)
        {
            var (log, s) = LogAbsGamma(x);
            logMagnitude += log;
            sign *= s;
        }

        return sign * Math.Exp(logMagnitude);
    }

    /// <summary>ln|Γ(x)| and the sign of Γ(x); sign 0 at the poles x = 0, −1, −2, ... (reflection, A&amp;S 6.1.17).</summary>
    private static (double Log, int Sign) LogAbsGamma(double x)
    {
        if (x > 0.0)
        {
            return (SpecialFunctions.GammaLn(x), 1);
        }

        if (IsNonPositiveInteger(x))
        {
            return (double.PositiveInfinity, 0);
        }

        var sine = Math.Sin(Math.PI * x);
        return (Math.Log(Math.PI) - Math.Log(Math.Abs(sine)) - SpecialFunctions.GammaLn(1.0 - x), Math.Sign(sine));
    }

    private static bool IsNonPositiveInteger(double x) => x <= 0.0 && x == Math.Floor(x);
}
