namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Responsibility-weighted sums of one E-step (PRML 10.51-10.53 before normalisation): N_k = Σ r_nk,
/// Sx_k = Σ r_nk x_n, Sxx_k = Σ r_nk x_n x_nᵀ, plus Σ r ln r (10.75) and Σ_n ln Σ_k ρ_nk.
/// </summary>
internal sealed class SufficientStatistics
{
    public SufficientStatistics(int components, int dimension, bool pairEntropies = false)
    {
        Components = components;
        Dimension = dimension;
        Counts = new double[components];
        Sums = new double[components * dimension];
        SecondMoments = new double[components * dimension * dimension];
        PairEntropies = pairEntropies ? new double[components * components] : null;
    }

    private SufficientStatistics(int components, int dimension, double[] pairEntropies)
        : this(components, dimension)
    {
        PairEntropies = pairEntropies;
    }

    public int Components { get; }
    public int Dimension { get; }
    public double[] Counts { get; }
    public double[] Sums { get; }
    public double[] SecondMoments { get; }
    public double ResponsibilityEntropyTerm { get; set; }
    public double LogNormalizerSum { get; set; }

    /// <summary>
    /// What a merge of two components does to Σ r ln r, when the E-step was asked for it: at [a K + b], a &lt; b,
    /// Σ_n s_n ln s_n with s_n = r_na + r_nb (the responsibility of the merged component), and at [a K + a]
    /// Σ_n r_na ln r_na. Null otherwise.
    /// </summary>
    public double[]? PairEntropies { get; }

    public void Add(SufficientStatistics other)
    {
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += other.Counts[i];
        }

        for (var i = 0; i < Sums.Length; i++)
        {
            Sums[i] += other.Sums[i];
        }

        for (var i = 0; i < SecondMoments.Length; i++)
        {
            SecondMoments[i] += other.SecondMoments[i];
        }

        ResponsibilityEntropyTerm += other.ResponsibilityEntropyTerm;
        LogNormalizerSum += other.LogNormalizerSum;
        if (PairEntropies is not null && other.PairEntropies is not null)
        {
            for (var i = 0; i < PairEntropies.Length; i++)
            {
                PairEntropies[i] += other.PairEntropies[i];
            }
        }
    }

    /// <summary>
    /// The statistics of the responsibilities r'_n = r_n with columns <paramref name="target"/> and
    /// <paramref name="source"/> (target &lt; source) added into target and source emptied: the counts and moments add
    /// (r' is linear in r), and Σ r' ln r' swaps the two columns' entropies for the merged one's (Hughes &amp; Sudderth
    /// 2013, merge moves). Needs <see cref="PairEntropies"/>; the result shares them, valid for further merges of columns this one left untouched.
    /// </summary>
    public SufficientStatistics Merge(int target, int source)
    {
        var pairs = PairEntropies ?? throw new InvalidOperationException("The E-step did not record pair entropies.");
        var d = Dimension;
        var merged = new SufficientStatistics(Components, Dimension, pairs);
        Counts.CopyTo(merged.Counts, 0);
        Sums.CopyTo(merged.Sums, 0);
        SecondMoments.CopyTo(merged.SecondMoments, 0);
        merged.Counts[target] += Counts[source];
        merged.Counts[source] = 0;
        for (var i = 0; i < d; i++)
        {
            merged.Sums[target * d + i] += Sums[source * d + i];
            merged.Sums[source * d + i] = 0;
        }

        for (var i = 0; i < d * d; i++)
        {
            merged.SecondMoments[target * d * d + i] += SecondMoments[source * d * d + i];
            merged.SecondMoments[source * d * d + i] = 0;
        }

        merged.ResponsibilityEntropyTerm = ResponsibilityEntropyTerm
            - pairs[target * Components + target] - pairs[source * Components + source] + pairs[target * Components + source];
        merged.LogNormalizerSum = LogNormalizerSum;
        return merged;
    }

    /// <summary>
    /// The statistics of the listed components only, in that order: a relabelling (and, for components with no
    /// responsibility, a removal) that leaves every row's responsibilities, hence Σ r ln r, unchanged.
    /// </summary>
    public SufficientStatistics Select(ReadOnlySpan<int> components)
    {
        var d = Dimension;
        var selected = new SufficientStatistics(components.Length, d)
        {
            ResponsibilityEntropyTerm = ResponsibilityEntropyTerm,
            LogNormalizerSum = LogNormalizerSum,
        };
        for (var c = 0; c < components.Length; c++)
        {
            var k = components[c];
            selected.Counts[c] = Counts[k];
            Array.Copy(Sums, k * d, selected.Sums, c * d, d);
            Array.Copy(SecondMoments, k * d * d, selected.SecondMoments, c * d * d, d * d);
        }

        return selected;
    }

    /// <summary>Copies the upper triangle of each second-moment matrix to the lower one.</summary>
    public void Symmetrize()
    {
        var d = Dimension;
        for (var k = 0; k < Components; k++)
        {
            var s = SecondMoments.AsSpan(k * d * d, d * d);
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    s[i * d + j] = s[j * d + i];
                }
            }
        }
    }

    /// <summary>Statistics of a hard assignment (one-hot responsibilities), used to start from k-means++ seeds.</summary>
    public static SufficientStatistics FromLabels(FeatureMatrix data, ReadOnlySpan<int> labels, int components)
    {
        var d = data.Columns;
        var stats = new SufficientStatistics(components, d);
        for (var n = 0; n < data.Rows; n++)
        {
            var k = labels[n];
            var x = data.Row(n);
            stats.Counts[k] += 1;
            for (var i = 0; i < d; i++)
            {
                stats.Sums[k * d + i] += x[i];
                for (var j = 0; j < d; j++)
                {
                    stats.SecondMoments[(k * d + i) * d + j] += x[i] * x[j];
                }
            }
        }

        return stats;
    }
}
