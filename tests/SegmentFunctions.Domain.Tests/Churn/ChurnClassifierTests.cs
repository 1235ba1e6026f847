using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Churn;

public sealed class ChurnClassifierTests(TrainedChurnFixture fixture) : IClassFixture<TrainedChurnFixture>
{
    private ChurnClassifier Classifier => fixture.Classifier;

    [Fact]
    public void Classifier_beats_the_recency_rule_and_single_feature_baselines_on_a_holdout()
    {
        var test = fixture.Test;
        var model = ChurnMetrics.Compute(Classifier.PredictBatch(test.Features), test.Churned);
        var rule = ChurnMetrics.Compute(RecencyBaseline.Fit(fixture.Train).Predict(test.Features), test.Churned);
        var recency = test.Features.Column(FeatureNames.RecencyDays);
        var recencyScore = ChurnMetrics.Compute([.. recency.Select(r => r / (recency.Max() + 1))], test.Churned);
        var activity = ChurnMetrics.Compute([.. test.Features.Column(FeatureNames.DecayedActivity30).Select(a => 1 / (1 + a))], test.Churned);
        var quality = ChurnQuality.Of(model, rule);

        Assert.True(model.RocAuc > rule.RocAuc + 0.02, $"model {model.RocAuc:F3} vs rule {rule.RocAuc:F3}");
        Assert.True(model.RocAuc > recencyScore.RocAuc, $"model {model.RocAuc:F3} vs recency {recencyScore.RocAuc:F3}");
        Assert.True(model.RocAuc > activity.RocAuc, $"model {model.RocAuc:F3} vs decayed activity {activity.RocAuc:F3}");
        Assert.True(model.Brier < rule.Brier, $"Brier model {model.Brier:F3} vs rule {rule.Brier:F3}");
        Assert.True(model.LogLoss < rule.LogLoss);
        Assert.True(model.TopDecileLift > 1);
        Assert.NotEqual(QualityGrade.C, quality.Grade);
    }

    [Fact]
    public void Classifier_beats_bgnbd_and_the_baseline_on_buyers()
    {
        // BG/NBD sees only (x, t_x, T) of buyers; compare on the test buyers with BG/NBD fitted on the train buyers. The
        // generator's buyers purchase and drop out exactly as BG/NBD assumes, but a customer who has dropped out also
        // stops visiting and opening e-mails, which only the classifier sees (recent activity), so it must rank
        // churners better than BG/NBD's expected purchases and the recency rule.
        var buyers = Buyers(fixture.Test);
        var test = fixture.Test.SelectRows(buyers);
        var bgNbd = new BgNbdTrainer().Fit(Summary(fixture.Train.SelectRows(Buyers(fixture.Train))));
        var horizonWeeks = fixture.Test.HorizonDays / 7.0;
        var summary = Summary(test);

        var bgNbdMetrics = ChurnMetrics.Compute([.. summary.Customers.Select(c => bgNbd.ChurnScore(horizonWeeks, c))], test.Churned);
        var rule = ChurnMetrics.Compute(RecencyBaseline.Fit(fixture.Train).Predict(test.Features), test.Churned);
        var model = ChurnMetrics.Compute(Classifier.PredictBatch(test.Features), test.Churned);

        Assert.True(bgNbdMetrics.RocAuc > 0.6, $"BG/NBD {bgNbdMetrics.RocAuc:F3} should rank churners too");
        Assert.True(model.RocAuc > bgNbdMetrics.RocAuc, $"model {model.RocAuc:F3} vs BG/NBD {bgNbdMetrics.RocAuc:F3}");
        Assert.True(model.RocAuc > rule.RocAuc, $"model {model.RocAuc:F3} vs rule {rule.RocAuc:F3}");
    }

    private static int[] Buyers(ChurnDataset data)
    {
        var purchased = data.Features.Column(FeatureNames.HasPurchased);
        return [.. Enumerable.Range(0, data.Count).Where(i => purchased[i] == 1)];
    }

    private static RfmSummary Summary(ChurnDataset data)
    {
        var t = data.Features;
        var x = t.Column(FeatureNames.Frequency);
        var tx = t.Column(FeatureNames.BgNbdTx);
        var age = t.Column(FeatureNames.BgNbdT);
        var monetary = t.Column(FeatureNames.Monetary);
        var cutoffDay = DateOnly.FromDateTime(t.AsOf.UtcDateTime).AddDays(-1);
        return new RfmSummary(
            cutoffDay, cutoffDay.AddDays(data.HorizonDays), LifetimeTimeUnit.Week,
            [.. t.CustomerIds.Select((id, i) => new CustomerRfm(id, (int)x[i], tx[i], age[i], x[i] > 0 ? monetary[i] : 0, monetary[i], 0))]);
    }

    [Fact]
    public void Labels_from_documents_at_T_equal_the_ground_truth()
    {
        var data = fixture.Data;
        var table = new TrainingTableBuilder().Build(data.AtCutoff, data.Cutoff);

        var fromDocuments = ChurnLabeler.FromDocuments(table, data.AtEnd, data.HorizonDays);
        var fromTruth = ChurnLabeler.FromKnownLabels(table, data.ChurnedById, data.HorizonDays);

        Assert.Equal(fromTruth.Churned, fromDocuments.Churned);
        Assert.InRange(fromTruth.ChurnRate, 0.2, 0.9);
    }

    [Fact]
    public async Task Save_and_load_give_identical_predictions()
    {
        var test = fixture.Test.Features;
        using var stream = new MemoryStream();
        await Classifier.SaveAsync(stream, CancellationToken.None);
        stream.Position = 0;
        var loaded = await ChurnClassifier.LoadAsync(stream, CancellationToken.None);

        Assert.Equal(Classifier.FeatureNames, loaded.FeatureNames);
        Assert.Equal(Classifier.HorizonDays, loaded.HorizonDays);
        Assert.Equal(Classifier.TimeUnit, loaded.TimeUnit);
        Assert.Equal(Classifier.Importance, loaded.Importance);
        Assert.Equal(Classifier.PredictBatch(test), loaded.PredictBatch(test));
        var row = test.SelectColumns(Classifier.FeatureNames).Row(0);
        Assert.Equal(Classifier.Predict(row), loaded.Predict(row));
        Assert.Equal(Classifier.Explain(row), loaded.Explain(row));
    }

    [Fact]
    public async Task Loading_something_else_fails_with_a_clear_error()
    {
        using var stream = new MemoryStream([1, 2, 3, 4]);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ChurnClassifier.LoadAsync(stream, CancellationToken.None));
        Assert.Contains("churn model", error.Message);
    }

    [Fact]
    public void Single_row_predictions_match_the_batch_and_are_thread_safe()
    {
        var table = fixture.Test.Features.SelectColumns(Classifier.FeatureNames);
        var batch = Classifier.PredictBatch(table);
        var rows = Enumerable.Range(0, 200).ToArray();
        var single = new double[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => single[i] = Classifier.Predict(table.Row(rows[i])));

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(batch[rows[i]], single[i], 6);
        }
    }

    [Fact]
    public void Predicting_from_a_document_equals_predicting_its_row()
    {
        var data = fixture.Data;
        var doc = data.AtCutoff[0];
        var table = new TrainingTableBuilder().Build([.. data.AtCutoff], data.Cutoff).SelectColumns(Classifier.FeatureNames);

        Assert.Equal(Classifier.Predict(table.Row(0)), Classifier.Predict(doc, data.Cutoff));
        Assert.Equal(table.Row(0).ToArray(), Classifier.RowOf(doc, data.Cutoff));
    }

    [Fact]
    public void Drivers_are_the_largest_positive_contributions_and_importance_shares_sum_to_one()
    {
        var table = fixture.Test.Features.SelectColumns(Classifier.FeatureNames);
        var probabilities = Classifier.PredictBatch(table);
        var risky = Array.IndexOf(probabilities, probabilities.Max());

        var drivers = Classifier.Explain(table.Row(risky), top: 3);

        Assert.InRange(drivers.Count, 1, 3);
        Assert.All(drivers, d => Assert.True(d.Contribution > 0));
        Assert.Equal(drivers.OrderByDescending(d => d.Contribution), drivers);
        Assert.All(drivers, d => Assert.Equal(table[risky, table.ColumnIndex(d.Feature)], d.Value));
        Assert.Equal(1.0, Classifier.Importance.Sum(f => f.Share), 6);
        Assert.True(Classifier.Importance[0].Share > 0);
    }

    [Fact]
    public void Bad_rows_are_rejected_with_the_reason()
    {
        var width = Assert.Throws<ArgumentException>(() => Classifier.Predict(new double[2]));
        Assert.Contains($"needs {Classifier.FeatureNames.Count} values", width.Message);

        var row = new double[Classifier.FeatureNames.Count];
        row[1] = double.NaN;
        var nan = Assert.Throws<NonFiniteFeatureException>(() => Classifier.Predict(row));
        Assert.Equal(Classifier.FeatureNames[1], nan.Column);
    }

    [Fact]
    public void Training_refuses_a_single_class()
    {
        var train = fixture.Train;
        var allChurned = new ChurnDataset(train.Features, [.. train.Churned.Select(_ => true)], train.HorizonDays);

        var error = Assert.Throws<ArgumentException>(() => new ChurnClassifierTrainer().Train(allChurned));
        Assert.Contains("non-churners", error.Message);
    }
}
