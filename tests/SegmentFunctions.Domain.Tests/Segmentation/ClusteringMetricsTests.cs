using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class ClusteringMetricsTests
{
    // Four 1-D points in two clusters {0, 1} and {5, 6}.
    private static readonly FeatureMatrix Line = new([0, 1, 5, 6], 4, 1, ["x"]);
    private static readonly int[] LineLabels = [3, 3, 8, 8];

    [Fact]
    public void Adjusted_rand_index_matches_the_hand_computed_value()
    {
        // Contingency pairs 2, row pairs 6, column pairs 3, C(6,2) = 15: (2 - 1.2) / (4.5 - 1.2).
        var ari = ClusteringMetrics.AdjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]);

        Assert.Equal(0.8 / 3.3, ari, 1e-12);
    }

    [Fact]
    public void Adjusted_rand_index_is_one_for_relabelled_identical_partitions()
    {
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 2, 2], [7, 7, 4, 9, 9]), 1e-12);
    }

    [Fact]
    public void Silhouette_matches_the_hand_computed_value()
    {
        // s = (b - a) / max(a, b): 9/11 for the outer points and 7/9 for the inner ones.
        Assert.Equal((9.0 / 11 + 7.0 / 9) / 2, ClusteringMetrics.Silhouette(Line, LineLabels), 1e-12);
    }

    [Fact]
    public void Calinski_harabasz_davies_bouldin_and_wcss_match_hand_computed_values()
    {
        // B = 4 · 2.5² = 25, W = 4 · 0.5² = 1: CH = (25 / 1) / (1 / 2); DB = (0.5 + 0.5) / 5.
        Assert.Equal(50, ClusteringMetrics.CalinskiHarabasz(Line, LineLabels), 1e-9);
        Assert.Equal(0.2, ClusteringMetrics.DaviesBouldin(Line, LineLabels), 1e-12);
        Assert.Equal(1, ClusteringMetrics.WithinClusterSumOfSquares(Line, LineLabels), 1e-12);
    }

    [Fact]
    public void Internal_indices_of_a_single_cluster_are_nan()
    {
        int[] one = [0, 0, 0, 0];

        Assert.True(double.IsNaN(ClusteringMetrics.Silhouette(Line, one)));
        Assert.True(double.IsNaN(ClusteringMetrics.CalinskiHarabasz(Line, one)));
        Assert.True(double.IsNaN(ClusteringMetrics.DaviesBouldin(Line, one)));
    }

    [Fact]
    public void Sampled_silhouette_stays_close_to_the_full_one()
    {
        var (data, labels) = GaussianBlobs.Generate(3_000, 3, [0.5, 0.5], 8, minimumSeparation: 4);

        var full = ClusteringMetrics.Silhouette(data, labels, maxRows: 3_000);
        var sampled = ClusteringMetrics.Silhouette(data, labels, maxRows: 1_000, seed: 5);

        Assert.Equal(full, sampled, 0.03);
    }
}
