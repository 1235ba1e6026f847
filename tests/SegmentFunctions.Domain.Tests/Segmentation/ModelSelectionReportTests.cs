using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class ModelSelectionReportTests
{
    [Fact]
    public void Scores_prefer_the_true_number_of_blobs()
    {
        var (raw, _) = GaussianBlobs.Generate(2_000, 3, [0.3, 0.3, 0.2, 0.2], 31, minimumSeparation: 10);
        var data = FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);

        var report = ModelSelectionReport.Evaluate(
            data, 2, 5, new VariationalGaussianMixtureOptions { WeightPrior = WeightPrior.Dirichlet, Restarts = 2 },
            silhouetteRows: 500);

        Assert.Equal([2, 3, 4, 5], report.Rows.Select(r => r.MaxComponents));
        Assert.Equal(4, report.BestByBic.EffectiveComponents);
        Assert.Equal(4, report.BestByElbo.EffectiveComponents);
        var atFour = report.Rows[2];
        Assert.True(atFour.Silhouette > report.Rows[0].Silhouette);
        Assert.True(atFour.CalinskiHarabasz > report.Rows[0].CalinskiHarabasz);
        Assert.True(atFour.DaviesBouldin < report.Rows[0].DaviesBouldin);
        Assert.True(atFour.WithinClusterSumOfSquares < report.Rows[1].WithinClusterSumOfSquares);
    }
}
