using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class KMeansBaselineTrainerTests
{
    [Fact]
    public void Recovers_well_separated_blobs()
    {
        var (raw, truth) = GaussianBlobs.Generate(3_000, 4, [0.4, 0.3, 0.3], 17, minimumSeparation: 15);
        var data = FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);

        var model = new KMeansBaselineTrainer(3, seed: 2).Fit(data);

        Assert.Equal(3, model.Clusters);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, [.. model.Assignments]) >= 0.95);
        Assert.Equal(model.Assignments[10], model.PredictSegment(data.Row(10)));
        Assert.Equal(ClusteringMetrics.WithinClusterSumOfSquares(data, [.. model.Assignments]), model.WithinClusterSumOfSquares, 1e-9);
    }

    [Fact]
    public void Fewer_rows_than_clusters_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new KMeansBaselineTrainer(5).Fit(new FeatureMatrix([1, 2, 3], 3, 1, ["x"])));

        Assert.Contains("at least 5 rows", error.Message);
    }
}
