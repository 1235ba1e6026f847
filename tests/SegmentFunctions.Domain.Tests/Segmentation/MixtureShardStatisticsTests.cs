using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class MixtureShardStatisticsTests
{
    private static FeatureMatrix Standardized(int rows, int dimension, int clusters, int seed)
    {
        var (raw, _) = GaussianBlobs.Isotropic(rows, dimension, clusters, seed);
        return FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);
    }

    private static FeatureMatrix[] Split(FeatureMatrix data, params int[] sizes)
    {
        var shards = new FeatureMatrix[sizes.Length];
        var start = 0;
        for (var s = 0; s < sizes.Length; s++)
        {
            shards[s] = new FeatureMatrix(data.Values[(start * data.Columns)..((start + sizes[s]) * data.Columns)], sizes[s], data.Columns, data.ColumnNames);
            start += sizes[s];
        }

        return shards;
    }

    [Fact]
    public void Shard_statistics_combine_into_the_statistics_of_all_the_rows()
    {
        var data = Standardized(3_001, 5, 3, 4);
        var prior = NormalWishartPrior.FromData(data, new VariationalGaussianMixtureOptions(), 4);
        var posterior = new MixturePosterior(prior, 4);
        posterior.Update(SufficientStatistics.FromLabels(data, KMeansPlusPlus.Assign(data, KMeansPlusPlus.Seed(data, 4, new Random(2)), 4), 4));
        var parameters = posterior.ToEStepParameters();

        var whole = MixtureShardStatistics.From(VariationalEStep.Run(data, parameters, pairEntropies: true));
        var shards = Split(data, 1_000, 7, 1_994)
            .Select(s => MixtureShardStatistics.From(VariationalEStep.Run(s, parameters, pairEntropies: true)))
            .ToArray();
        var leftToRight = MixtureShardStatistics.Combine(shards);
        var rightFirst = MixtureShardStatistics.Combine(shards[0], MixtureShardStatistics.Combine(shards[1], shards[2]));

        foreach (var combined in new[] { leftToRight, rightFirst })
        {
            AssertClose(whole.Weights, combined.Weights);
            AssertClose(whole.Means, combined.Means);
            AssertClose(whole.Scatters, combined.Scatters);
            AssertClose(whole.PairEntropies!, combined.PairEntropies!);
            AssertClose([whole.EntropyTerm], [combined.EntropyTerm]);
        }
    }

    [Fact]
    public void A_fit_with_the_rows_in_several_shards_equals_the_fit_with_them_in_one()
    {
        // Six starting components on four blobs: the fits merge components on the way, from the same labels.
        var data = Standardized(6_000, 4, 4, 12);
        var labels = KMeansPlusPlus.Assign(data, KMeansPlusPlus.Seed(data, 6, new Random(5)), 6);
        var options = new VariationalGaussianMixtureOptions { MaxComponents = 6, Tolerance = 0, MaxIterations = 40 };
        var sizes = new[] { 2_500, 1_200, 2_300 };
        var shardLabels = new int[sizes.Length][];
        for (int s = 0, start = 0; s < sizes.Length; start += sizes[s], s++)
        {
            shardLabels[s] = labels[start..(start + sizes[s])];
        }

        var one = new VariationalGaussianMixtureTrainer(options).FitFrom([data], [labels]);
        var several = new VariationalGaussianMixtureTrainer(options).FitFrom(Split(data, sizes), shardLabels);

        Assert.Equal(4, one.Components);
        Assert.Equal(one.Components, several.Components);
        AssertClose([.. one.Weights], [.. several.Weights]);
        AssertClose(one.Centroids(), several.Centroids());
        for (var k = 0; k < one.Components; k++)
        {
            AssertClose(one.PrecisionCholesky(k), several.PrecisionCholesky(k));
        }

        AssertClose([one.Elbo], [several.Elbo]);
    }

    [Fact]
    public void Shards_that_disagree_on_the_shape_do_not_combine()
    {
        var a = MixtureShardStatistics.From(new SufficientStatistics(3, 2));
        var b = MixtureShardStatistics.From(new SufficientStatistics(2, 2));

        Assert.Throws<ArgumentException>(() => MixtureShardStatistics.Combine(a, b));
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])),
                $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
