namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// What one shard of the rows contributes to the mixture's M-step (PRML 10.51-10.53): per component k the weight sum
/// N_k = Σ r_nk, the weighted mean x̄_k = Σ r_nk x_n / N_k and the weighted scatter S_k = Σ r_nk (x_n - x̄_k)(x_n - x̄_k)ᵀ,
/// plus Σ r ln r for the bound (10.75) and, when asked for, the merged responsibility entropies of every pair of
/// components for merge moves. Shards combine exactly (<see cref="Combine(MixtureShardStatistics, MixtureShardStatistics)"/>),
/// so the E-step can run on each shard where its rows are and only these K (1 + d + d²) numbers travel.
/// </summary>
public sealed class MixtureShardStatistics
{
    private MixtureShardStatistics(int components, int dimension, bool pairEntropies)
    {
        Components = components;
        Dimension = dimension;
        Weights = new double[components];
        Means = new double[components * dimension];
        Scatters = new double[components * dimension * dimension];
        PairEntropies = pairEntropies ? new double[components * components] : null;
    }

    public int Components { get; }
    public int Dimension { get; }

    /// <summary>N_k.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>x̄_k at [k d ..]; zero when N_k is zero.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>S_k (d x d, row-major) at [k d² ..].</summary>
    public IReadOnlyList<double> Scatters { get; }

    /// <summary>Σ_n Σ_k r_nk ln r_nk.</summary>
    public double EntropyTerm { get; private set; }

    /// <summary>See <see cref="SufficientStatistics.PairEntropies"/>; sums over rows, so they add across shards.</summary>
    public IReadOnlyList<double>? PairEntropies { get; }

    /// <summary>
    /// The statistics of the union of two shards' rows, by the pairwise update of Chan, Golub &amp; LeVeque (1979):
    /// N = N_a + N_b, δ = x̄_b - x̄_a, x̄ = x̄_a + δ N_b / N, S = S_a + S_b + δ δᵀ N_a N_b / N. Exact in real
    /// arithmetic (it is the same sum regrouped), and stable in floating point: no raw second moments Σ r x xᵀ whose
    /// difference with N x̄ x̄ᵀ would cancel. Σ r ln r and the pair entropies add.
    /// </summary>
    public static MixtureShardStatistics Combine(MixtureShardStatistics a, MixtureShardStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Components != b.Components || a.Dimension != b.Dimension)
        {
            throw new ArgumentException(
                $"Statistics of {a.Components} x {a.Dimension} and {b.Components} x {b.Dimension} components x dimensions do not combine.");
        }

        var d = a.Dimension;
        var result = new MixtureShardStatistics(a.Components, d, a.PairEntropies is not null && b.PairEntropies is not null)
        {
            EntropyTerm = a.EntropyTerm + b.EntropyTerm,
        };
        var weights = (double[])result.Weights;
        var means = (double[])result.Means;
        var scatters = (double[])result.Scatters;
        var delta = new double[d];
        for (var k = 0; k < a.Components; k++)
        {
            var na = a.Weights[k];
            var nb = b.Weights[k];
            var n = na + nb;
            weights[k] = n;
            for (var i = 0; i < d; i++)
            {
                delta[i] = b.Means[k * d + i] - a.Means[k * d + i];
                means[k * d + i] = n > 0 ? a.Means[k * d + i] + delta[i] * (nb / n) : 0;
            }

            var cross = n > 0 ? na * nb / n : 0;
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    var index = k * d * d + i * d + j;
                    scatters[index] = a.Scatters[index] + b.Scatters[index] + cross * delta[i] * delta[j];
                }
            }
        }

        if (result.PairEntropies is double[] pairs)
        {
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = a.PairEntropies![i] + b.PairEntropies![i];
            }
        }

        return result;
    }

    /// <summary>The statistics of all the shards' rows, combined left to right.</summary>
    public static MixtureShardStatistics Combine(IEnumerable<MixtureShardStatistics> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        MixtureShardStatistics? total = null;
        foreach (var shard in shards)
        {
            total = total is null ? shard : Combine(total, shard);
        }

        return total ?? throw new ArgumentException("There are no shard statistics to combine.", nameof(shards));
    }

    /// <summary>From the raw moments of one shard: x̄ = Sx / N and S = Sxx - N x̄ x̄ᵀ.</summary>
    internal static MixtureShardStatistics From(SufficientStatistics stats)
    {
        var d = stats.Dimension;
        var result = new MixtureShardStatistics(stats.Components, d, stats.PairEntropies is not null)
        {
            EntropyTerm = stats.ResponsibilityEntropyTerm,
        };
        var weights = (double[])result.Weights;
        var means = (double[])result.Means;
        var scatters = (double[])result.Scatters;
        stats.PairEntropies?.CopyTo((double[])result.PairEntropies!, 0);
        for (var k = 0; k < stats.Components; k++)
        {
            var n = stats.Counts[k];
            weights[k] = n;
            if (n <= 0)
            {
                continue;
            }

            for (var i = 0; i < d; i++)
            {
                means[k * d + i] = stats.Sums[k * d + i] / n;
            }

            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    scatters[k * d * d + i * d + j] = stats.SecondMoments[(k * d + i) * d + j] - n * means[k * d + i] * means[k * d + j];
                }
            }
        }

        return result;
    }

    /// <summary>Back to raw moments for the M-step: Sx = N x̄ and Sxx = S + N x̄ x̄ᵀ.</summary>
    internal SufficientStatistics ToSufficientStatistics()
    {
        var d = Dimension;
        var stats = new SufficientStatistics(Components, d, PairEntropies is not null)
        {
            ResponsibilityEntropyTerm = EntropyTerm,
        };
        (PairEntropies as double[])?.CopyTo(stats.PairEntropies!, 0);
        for (var k = 0; k < Components; k++)
        {
            var n = Weights[k];
            stats.Counts[k] = n;
            for (var i = 0; i < d; i++)
            {
                stats.Sums[k * d + i] = n * Means[k * d + i];
                for (var j = 0; j < d; j++)
                {
                    stats.SecondMoments[(k * d + i) * d + j] = Scatters[k * d * d + i * d + j] + n * Means[k * d + i] * Means[k * d + j];
                }
            }
        }

        return stats;
    }
}
