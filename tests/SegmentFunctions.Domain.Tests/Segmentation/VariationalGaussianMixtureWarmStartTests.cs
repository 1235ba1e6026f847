using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class VariationalGaussianMixtureWarmStartTests
{
    private static FeatureMatrix Blobs()
    {
        var (raw, _) = GaussianBlobs.Generate(3_000, 6, [0.3, 0.25, 0.2, 0.15, 0.1], 21);
        return FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);
    }

    [Fact]
    public void Refitting_from_a_models_own_segments_keeps_them_whatever_the_seed()
    {
        var data = Blobs();
        var first = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 10, Seed = 1 }).Fit(data);
        var labels = first.PredictSegments(data);

        var refit = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 10, Seed = 99 }).FitFrom(data, labels);

        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(labels, refit.PredictSegments(data)), 3);
        Assert.Equal(first.Components, refit.Components);
    }

    [Fact]
    public void Labels_outside_the_components_or_of_the_wrong_count_are_refused()
    {
        var data = Blobs();
        var trainer = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 4 });
        var outside = Assert.Throws<ArgumentException>(() => trainer.FitFrom(data, Enumerable.Repeat(4, data.Rows).ToArray()));
        Assert.Contains("outside 0..3", outside.Message);
        var count = Assert.Throws<ArgumentException>(() => trainer.FitFrom(data, new int[3]));
        Assert.Contains("3 initial labels", count.Message);
    }

    [Fact]
    public void Restored_parameters_predict_exactly_as_the_trained_model()
    {
        var data = Blobs();
        var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 6, Seed = 4 }).Fit(data);
        var restored = VariationalGaussianMixtureModel.FromParameters(model.ToParameters());
        Span<double> a = stackalloc double[model.Components];
        Span<double> b = stackalloc double[model.Components];
        for (var r = 0; r < data.Rows; r += 97)
        {
            model.PredictProbabilities(data.Row(r), a);
            restored.PredictProbabilities(data.Row(r), b);
            Assert.True(a.SequenceEqual(b));
        }
    }
}
