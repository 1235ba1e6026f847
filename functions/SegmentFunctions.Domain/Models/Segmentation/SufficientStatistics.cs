namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Responsibility-weighted sums of one E-step (PRML 10.51-10.53 before normalisation): N_k = Σ r_nk,
/// Sx_k = Σ r_nk x_n, Sxx_k = Σ r_nk x_n x_nᵀ, plus Σ r ln r (10.75) and Σ_n ln Σ_k ρ_nk.
/// </summary>
internal sealed class SufficientStatistics
{
    public SufficientStatistics(int components, int dimension)
    {
        Components = components;
        Dimension = dimension;
        Counts = new double[components];
        Sums = new double[components * dimension];
        SecondMoments = new double[components * dimension * dimension];
    }

    public int Components { get; }
    public int Dimension { get; }
    public double[] Counts { get; }
    public double[] Sums { get; }
    public double[] SecondMoments { get; }
    public double ResponsibilityEntropyTerm { get; set; }
    public double LogNormalizerSum { get; set; }

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
