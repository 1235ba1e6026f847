using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class VariationalGaussianMixtureTrainerTests
{
    private static readonly double[] BlobWeights = [0.3, 0.25, 0.2, 0.15, 0.1];

    private static (FeatureMatrix Data, int[] Labels) Blobs(int rows = 5_000, int seed = 11)
    {
        var (raw, labels) = GaussianBlobs.Generate(rows, 6, BlobWeights, seed);
        return (FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw), labels);
    }

    [Theory]
    [InlineData(WeightPrior.DirichletProcess)]
    [InlineData(WeightPrior.Dirichlet)]
    public void Recovers_five_blobs_from_ten_components(WeightPrior prior)
    {
        var (data, truth) = Blobs();
        var model = new VariationalGaussianMixtureTrainer(
            new VariationalGaussianMixtureOptions { MaxComponents = 10, WeightPrior = prior, Seed = 3 }).Fit(data);

        Assert.Equal(5, model.Components);
        Assert.True(model.Converged);
        var ari = ClusteringMetrics.AdjustedRandIndex(truth, model.PredictSegments(data));
        Assert.True(ari >= 0.95, $"ARI {ari}");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public void Default_settings_find_the_true_number_of_well_separated_blobs(int seed)
    {
        // Ten components on six blobs: four blobs start shared by two components each. Without merge moves the bound
        // creeps for hundreds of iterations while one of each pair slowly empties, and a tolerance loose enough to stop
        // sooner leaves the pairs in place.
        var (raw, truth) = GaussianBlobs.Isotropic(20_000, 8, 6, seed);
        var data = FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);

        var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions()).Fit(data);

        Assert.Equal(6, model.Components);
        Assert.True(model.Converged);
        Assert.True(model.Iterations <= 50, $"{model.Iterations} iterations");
        var ari = ClusteringMetrics.AdjustedRandIndex(truth, model.PredictSegments(data));
        Assert.True(ari >= 0.99, $"ARI {ari}");
    }

    [Fact]
    public void Merge_moves_never_lower_the_bound()
    {
        var (raw, _) = GaussianBlobs.Isotropic(5_000, 4, 3, 9);
        var data = FeatureScaler.Fit(raw, new HashSet<string>()).Transform(raw);
        var model = new VariationalGaussianMixtureTrainer(
            new VariationalGaussianMixtureOptions { MaxComponents = 8, Restarts = 1, MergeInterval = 1 }).Fit(data);

        Assert.Equal(3, model.Components);
        for (var t = 1; t < model.ElboHistory.Count; t++)
        {
            Assert.True(model.ElboHistory[t] >= model.ElboHistory[t - 1] - 1e-9 * Math.Abs(model.ElboHistory[t - 1]), $"step {t}");
        }
    }

    [Fact]
    public void Pair_entropies_are_those_of_the_merged_responsibilities()
    {
        var (data, _) = Blobs(1_037, 2);
        var prior = NormalWishartPrior.FromData(data, new VariationalGaussianMixtureOptions(), 5);
        var posterior = new MixturePosterior(prior, 5);
        posterior.Update(SufficientStatistics.FromLabels(data, KMeansPlusPlus.Assign(data, KMeansPlusPlus.Seed(data, 5, new Random(1)), 5), 5));
        var responsibilities = new double[data.Rows * 5];

        var stats = VariationalEStep.Run(data, posterior.ToEStepParameters(), responsibilities, pairEntropies: true);

        var expected = new double[25];
        for (var n = 0; n < data.Rows; n++)
        {
            for (var a = 0; a < 5; a++)
            {
                for (var b = a; b < 5; b++)
                {
                    var s = responsibilities[n * 5 + a] + (a == b ? 0 : responsibilities[n * 5 + b]);
                    expected[a * 5 + b] += s > 0 ? s * Math.Log(s) : 0;
                }
            }
        }

        AssertClose(expected, stats.PairEntropies!);
        var merged = stats.Merge(1, 3);
        Assert.Equal(stats.Counts[1] + stats.Counts[3], merged.Counts[1], 9);
        Assert.Equal(0, merged.Counts[3]);
        Assert.Equal(stats.ResponsibilityEntropyTerm - expected[6] - expected[18] + expected[8], merged.ResponsibilityEntropyTerm, 9);
    }

    [Fact]
    public void Elbo_never_decreases()
    {
        var (data, _) = Blobs(3_000, 5);
        var model = new VariationalGaussianMixtureTrainer(
            new VariationalGaussianMixtureOptions { MaxComponents = 8, Restarts = 1, Tolerance = 1e-12 }).Fit(data);

        Assert.True(model.Iterations > 3);
        for (var t = 1; t < model.ElboHistory.Count; t++)
        {
            var previous = model.ElboHistory[t - 1];
            Assert.True(
                model.ElboHistory[t] >= previous - 1e-9 * Math.Abs(previous),
                $"ELBO fell from {previous} to {model.ElboHistory[t]} at iteration {t}");
        }
    }

    [Fact]
    public void Fast_e_step_matches_the_scalar_reference()
    {
        var (data, _) = Blobs(1_037, 2);
        var prior = NormalWishartPrior.FromData(data, new VariationalGaussianMixtureOptions(), 7);
        var posterior = new MixturePosterior(prior, 7);
        var labels = KMeansPlusPlus.Assign(data, KMeansPlusPlus.Seed(data, 7, new Random(1)), 7);
        posterior.Update(SufficientStatistics.FromLabels(data, labels, 7));
        var parameters = posterior.ToEStepParameters();
        var fastResponsibilities = new double[data.Rows * 7];
        var referenceResponsibilities = new double[data.Rows * 7];

        var fast = VariationalEStep.Run(data, parameters, fastResponsibilities);
        var reference = VariationalEStep.RunReference(data, parameters, referenceResponsibilities);

        AssertClose(reference.Counts, fast.Counts);
        AssertClose(reference.Sums, fast.Sums);
        AssertClose(reference.SecondMoments, fast.SecondMoments);
        AssertClose([reference.ResponsibilityEntropyTerm, reference.LogNormalizerSum],
            [fast.ResponsibilityEntropyTerm, fast.LogNormalizerSum]);
        AssertClose(referenceResponsibilities, fastResponsibilities);
    }

    [Fact]
    public void Retraining_with_another_seed_keeps_segment_ids_after_matching()
    {
        var (data, _) = Blobs(4_000, 21);
        var first = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { Seed = 1 }).Fit(data);
        var second = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { Seed = 99 }).Fit(data);
        var previous = Enumerable.Range(0, first.Components)
            .Select(k => new SegmentIdentity(100 + k, $"segment {k}", first.Mean(k).ToArray()))
            .ToArray();
        var before = first.PredictSegments(data).Select(k => previous[k].Id).ToArray();

        var match = SegmentMatcher.MatchByCentroids(previous, second.Centroids(), second.Components, second.PredictSegments(data), before);

        Assert.True(match.ChangedShare <= 0.05, $"{match.ChangedShare:P1} of customers changed segment");
    }

    [Fact]
    public void Clips_components_to_the_row_count()
    {
        var data = new FeatureMatrix([0, 0, 1, 1, 5, 4], 3, 2, ["a", "b"]);
        var model = new VariationalGaussianMixtureTrainer(
            new VariationalGaussianMixtureOptions { MaxComponents = 10, MinimumWeight = 0 }).Fit(data);

        Assert.Equal(3, model.MaxComponents);
        Assert.True(model.Components <= 3);
    }

    [Fact]
    public void Rejects_single_row_empty_columns_and_non_finite_values_with_clear_messages()
    {
        var trainer = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions());

        var oneRow = Assert.Throws<ArgumentException>(() => trainer.Fit(new FeatureMatrix([1, 2], 1, 2, ["a", "b"])));
        Assert.Contains("at least 2 rows", oneRow.Message);
        var noColumns = Assert.Throws<ArgumentException>(() => trainer.Fit(new FeatureMatrix([], 4, 0, [])));
        Assert.Contains("no columns", noColumns.Message);
        var nan = Assert.Throws<ArgumentException>(
            () => trainer.Fit(new FeatureMatrix([1, 2, 3, double.NaN], 2, 2, ["a", "b"])));
        Assert.Contains("row 1, column 1 ('b')", nan.Message);
    }

    [Theory]
    [InlineData(0.12, 0)]
    [InlineData(0.01, 600)]
    public void Components_below_the_minimum_share_or_size_are_merged_into_their_neighbours(double minimumWeight, int minimumSize)
    {
        // The smallest of the five blobs holds 10% (about 500 rows): below both floors, the others above.
        var (data, truth) = Blobs();
        var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions
        {
            MaxComponents = 10, Seed = 3, MinimumWeight = minimumWeight, MinimumComponentSize = minimumSize,
        }).Fit(data);

        var labels = model.PredictSegments(data);
        Assert.Equal(4, model.Components);
        Assert.All(Enumerable.Range(0, model.Components), k => Assert.True(labels.Count(l => l == k) >= 600, $"component {k}"));
        var bigBlobs = Enumerable.Range(0, labels.Length).Where(i => truth[i] != BlobWeights.Length - 1).ToArray();
        var ari = ClusteringMetrics.AdjustedRandIndex([.. bigBlobs.Select(i => truth[i])], [.. bigBlobs.Select(i => labels[i])]);
        Assert.True(ari >= 0.95, $"ARI on the four kept blobs {ari}");
    }

    [Fact]
    public void Precision_cholesky_reproduces_the_expected_precision_of_a_single_gaussian()
    {
        var random = new Random(4);
        var values = new double[4_000 * 2];
        for (var r = 0; r < 4_000; r++)
        {
            var a = GaussianBlobs.Normal(random);
            values[2 * r] = 2 * a;
            values[2 * r + 1] = a + 0.5 * GaussianBlobs.Normal(random);
        }

        var data = new FeatureMatrix(values, 4_000, 2, ["x", "y"]);
        var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 1 }).Fit(data);
        var u = model.PrecisionCholesky(0);
        var precision = new[] { u[0] * u[0] + u[1] * u[1], u[0] * u[2] + u[1] * u[3], u[2] * u[2] + u[3] * u[3] };

        // Σ = [[4, 2], [2, 1.25]] so Λ = Σ⁻¹ = [[1.25, -2], [-2, 4]] / (4 · 1.25 - 4).
        Assert.Equal(1.25, precision[0], 0.1);
        Assert.Equal(-2.0, precision[1], 0.15);
        Assert.Equal(4.0, precision[2], 0.3);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])),
                $"index {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
