using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Churn;

/// <summary>
/// The classifier walks its own flattened copy of the FastTree ensemble; these tests hold it to ML.NET's prediction
/// engine and FeatureContributionCalculation on the same trained model, row by row.
/// </summary>
public sealed class ChurnClassifierReferenceTests(TrainedChurnFixture fixture) : IClassFixture<TrainedChurnFixture>
{
    private const double ContributionTolerance = 1e-5;

    private ChurnClassifier Classifier => fixture.Classifier;

    [Fact]
    public void Probabilities_equal_the_ml_net_prediction_engine()
    {
        var reference = new MlNetReference(Classifier);

        foreach (var row in Rows(count: 1_500, seed: 3))
        {
            var expected = reference.Predict(ToSingle(row)).Probability;
            Assert.Equal(expected, Classifier.Predict(row), 1e-6);
        }
    }

    [Fact]
    public void Drivers_equal_ml_net_feature_contributions()
    {
        var reference = new MlNetReference(Classifier);
        var width = Classifier.FeatureNames.Count;
        var withDrivers = 0;

        foreach (var row in Rows(count: 1_500, seed: 4))
        {
            var output = reference.Predict(ToSingle(row));
            var expected = MlNetReference.Drivers(output.Contributions, top: width);

            var explained = Classifier.PredictExplained(row, top: width);

            Assert.Equal(output.Probability, explained.Probability, 1e-6);
            Assert.Equal(expected.Select(j => Classifier.FeatureNames[j]), explained.Drivers.Select(d => d.Feature));
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.Equal(output.Contributions[expected[d]], explained.Drivers[d].Contribution, ContributionTolerance);
                Assert.Equal(row[expected[d]], explained.Drivers[d].Value);
            }

            withDrivers += expected.Length > 0 ? 1 : 0;
        }

        Assert.True(withDrivers > 1_000, $"only {withDrivers} rows had a positive contribution");
    }

    [Fact]
    public void Default_drivers_are_the_first_of_the_full_ranking()
    {
        foreach (var row in Rows(count: 300, seed: 5))
        {
            var all = Classifier.Explain(row, top: Classifier.FeatureNames.Count);
            Assert.Equal(all.Take(3), Classifier.Explain(row));
            Assert.Equal(all.Take(1), Classifier.Explain(row, top: 1));
            Assert.Empty(Classifier.Explain(row, top: 0));
        }
    }

    [Fact]
    public void Tree_walk_equals_ml_net_on_missing_and_infinite_values()
    {
        // FastTree keeps no default for missing values: NaN fails every "<= threshold" test and goes right, as does
        // +infinity, while -infinity goes left. Rows never carry them (the featurizer imputes), the trees still agree.
        var reference = new MlNetReference(Classifier);
        var ensemble = BoostedTreeEnsemble.From(Classifier.MlNetModel.Model.SubModel, Classifier.FeatureNames.Count);
        var random = new Random(6);
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var contributions = new float[ensemble.FeatureCount];

        foreach (var row in Rows(count: 500, seed: 7))
        {
            var features = ToSingle(row);
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                features[random.Next(features.Length)] = specials[random.Next(specials.Length)];
            }

            var output = reference.Predict(features);
            var score = ensemble.Contributions(features, contributions);

            Assert.Equal(output.Score, ensemble.RawScore(features));
            Assert.Equal(output.Score, score);
            for (var j = 0; j < contributions.Length; j++)
            {
                Assert.Equal(output.Contributions[j], contributions[j], ContributionTolerance);
            }
        }
    }

    [Fact]
    public void Contributions_equal_a_walk_down_from_every_other_way_child_bit_for_bit()
    {
        var model = Classifier.MlNetModel.Model.SubModel.TrainedTreeEnsemble;
        var ensemble = BoostedTreeEnsemble.From(Classifier.MlNetModel.Model.SubModel, Classifier.FeatureNames.Count);
        var random = new Random(8);
        var contributions = new float[ensemble.FeatureCount];

        foreach (var row in Rows(count: 500, seed: 9))
        {
            var features = ToSingle(row);
            if (random.Next(5) == 0)
            {
                features[random.Next(features.Length)] = float.NaN;
            }

            // Per tree, every split on the row's path adds the row's leaf value minus the value of the leaf it reaches
            // from the split's other child, walking ML.NET's own tree arrays.
            var expected = new float[ensemble.FeatureCount];
            var expectedScore = 0.0;
            foreach (var tree in model.Trees)
            {
                if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0)
                {
                    continue;
                }

                var output = tree.LeafValues[~Walk(tree, 0, features)];
                expectedScore += output;
                var node = 0;
                while (node >= 0)
                {
                    var left = features[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node];
                    var otherWay = left ? tree.RightChild[node] : tree.LeftChild[node];
                    expected[tree.NumericalSplitFeatureIndexes[node]] += (float)(output - tree.LeafValues[~Walk(tree, otherWay, features)]);
                    node = left ? tree.LeftChild[node] : tree.RightChild[node];
                }
            }

            var score = ensemble.Contributions(features, contributions);

            Assert.Equal((float)expectedScore, score);
            Assert.Equal(expected, contributions);
        }

        // ML.NET numbers a leaf l as ~l; a walk from a leaf is that leaf.
        static int Walk(Microsoft.ML.Trainers.FastTree.RegressionTree tree, int node, float[] features)
        {
            while (node >= 0)
            {
                node = features[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
            }

            return node;
        }
    }

    [Fact]
    public void An_all_missing_row_takes_the_right_branch_at_every_split()
    {
        var ensemble = BoostedTreeEnsemble.From(Classifier.MlNetModel.Model.SubModel, Classifier.FeatureNames.Count);
        var missing = Enumerable.Repeat(float.NaN, ensemble.FeatureCount).ToArray();
        var infinite = Enumerable.Repeat(float.PositiveInfinity, ensemble.FeatureCount).ToArray();
        var contributions = new float[ensemble.FeatureCount];

        Assert.Equal(ensemble.RawScore(infinite), ensemble.Contributions(missing, contributions));
        Assert.True(ensemble.TreeCount > 0);
        Assert.Contains(contributions, c => c != 0);
    }

    [Fact]
    public async Task Save_and_load_keep_probabilities_and_drivers()
    {
        using var stream = new MemoryStream();
        await Classifier.SaveAsync(stream, CancellationToken.None);
        stream.Position = 0;
        var loaded = await ChurnClassifier.LoadAsync(stream, CancellationToken.None);
        var reference = new MlNetReference(loaded);

        foreach (var row in Rows(count: 500, seed: 8))
        {
            var before = Classifier.PredictExplained(row);
            var after = loaded.PredictExplained(row);
            Assert.Equal(before.Probability, after.Probability);
            Assert.Equal(before.Drivers, after.Drivers);
            Assert.Equal(reference.Predict(ToSingle(row)).Probability, after.Probability, 1e-6);
        }
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_rejected_by_the_trees()
    {
        var ensemble = BoostedTreeEnsemble.From(Classifier.MlNetModel.Model.SubModel, Classifier.FeatureNames.Count);

        var error = Assert.Throws<ArgumentException>(() => ensemble.RawScore(new float[ensemble.FeatureCount + 1]));
        Assert.Contains($"need {ensemble.FeatureCount} features", error.Message);
    }

    /// <summary>
    /// Test rows, then as many rows again whose columns come from different customers, so paths the data rarely
    /// takes are walked too.
    /// </summary>
    private List<double[]> Rows(int count, int seed)
    {
        var table = fixture.Test.Features.SelectColumns(Classifier.FeatureNames);
        var random = new Random(seed);
        var rows = new List<double[]>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                rows.Add(table.Row(random.Next(table.RowCount)).ToArray());
            }
            else
            {
                rows.Add([.. Enumerable.Range(0, table.ColumnCount).Select(j => table[random.Next(table.RowCount), j])]);
            }
        }

        return rows;
    }

    private static float[] ToSingle(double[] row) => [.. row.Select(v => (float)v)];
}
