namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna, 2018) seeded through SplitMix64. Used instead of <see cref="Random"/> because
/// its output is fixed by the algorithm, not by the runtime, so the same seed yields the same bytes on every .NET
/// version; and its 32-byte state makes one independent stream per customer cheap.
/// </summary>
internal sealed class SyntheticRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream determined by (seed, key, stream): customers get independent, reproducible streams.</summary>
    public SyntheticRandom(int seed, long key, int stream)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)key * 0xC2B2AE3D27D4EB4FUL ^ (ulong)stream * 0x165667B19E3779F9UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1], safe for logarithms.</summary>
    public double NextOpenDouble() => 1.0 - NextDouble();

    public int NextInt(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);

    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Exponential waiting time with the given rate (inverse transform).</summary>
    public double Exponential(double rate) => -Math.Log(NextOpenDouble()) / rate;

    /// <summary>Standard normal by Box-Muller.</summary>
    public double Normal() => Math.Sqrt(-2.0 * Math.Log(NextOpenDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    /// <summary>
    /// Gamma(shape, scale) by Marsaglia &amp; Tsang (2000), "A simple method for generating gamma variables";
    /// shape &lt; 1 uses Gamma(shape + 1) * U^(1/shape).
    /// </summary>
    public double Gamma(double shape, double scale)
    {
        if (shape < 1.0)
        {
            return Gamma(shape + 1.0, scale) * Math.Pow(NextOpenDouble(), 1.0 / shape);
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + c * x;
            }
            while (v <= 0.0);

            v = v * v * v;
            var u = NextOpenDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public double Beta(double a, double b)
    {
        var x = Gamma(a, 1.0);
        var y = Gamma(b, 1.0);
        return x / (x + y);
    }

    /// <summary>Poisson count: Knuth's product method for small means, a rounded normal approximation above 30.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var product = NextDouble();
        while (product > limit)
        {
            k++;
            product *= NextDouble();
        }

        return k;
    }

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    public int Categorical(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var u = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
