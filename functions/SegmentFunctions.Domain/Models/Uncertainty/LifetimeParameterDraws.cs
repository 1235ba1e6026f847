using System.Text.Json.Serialization;

namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// Parameter sets drawn from the Laplace approximation of the lifetime models' estimates
/// (<see cref="LaplaceApproximation"/>): <see cref="Count"/> BG/NBD sets (r, α, a, b) in <see cref="BgNbd"/>, flattened,
/// and as many Gamma-Gamma sets (p, q, γ) in <see cref="GammaGamma"/> (null when Gamma-Gamma has no usable
/// approximation). <see cref="MaxAge"/> is the largest T of the customers BG/NBD was fitted on, in its time unit: the
/// range over which per-customer intervals are precomputed. Stored in the bundle so every scorer of it draws the same.
/// </summary>
public sealed record LifetimeParameterDraws(int Count, double MaxAge, double[] BgNbd, double[]? GammaGamma)
{
    /// <summary>
    /// 59 draws: the 6th and 54th of them in order bound 48 / 60 = 80% of the distribution in expectation (order
    /// statistics k and n + 1 − k of n draws cover (n + 1 − 2k)/(n + 1)), so no interpolation between draws is needed.
    /// </summary>
    public const int DefaultCount = 59;

    /// <summary>The rank (1-based) of the lower bound among the sorted draws, for <see cref="DefaultCount"/>.</summary>
    [JsonIgnore]
    public int LowerRank => (Count + 1) / 10;

    /// <summary>The rank (1-based) of the upper bound among the sorted draws.</summary>
    [JsonIgnore]
    public int UpperRank => Count + 1 - LowerRank;

    /// <exception cref="ArgumentException">The arrays do not hold <see cref="Count"/> positive, finite parameter sets.</exception>
    public void Validate()
    {
        if (Count < 9 || (Count + 1) % 10 != 0)
        {
            throw new ArgumentException($"The number of parameter draws must be 10k − 1 (k ≥ 1), got {Count}.");
        }

        if (!double.IsFinite(MaxAge) || MaxAge < 0)
        {
            throw new ArgumentException($"The largest age of the fitted customers must be finite and ≥ 0, got {MaxAge}.");
        }

        Check(BgNbd, 4, "BG/NBD");
        if (GammaGamma is not null)
        {
            Check(GammaGamma, 3, "Gamma-Gamma");
        }
    }

    private void Check(double[] values, int width, string model)
    {
        if (values is null || values.Length != Count * width || values.Any(v => !double.IsFinite(v) || v <= 0))
        {
            throw new ArgumentException($"The {model} draws must be {Count} sets of {width} positive, finite parameters.");
        }
    }
}
