using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Training;

public sealed class ModelBundleTrainerTests(TrainedBundleFixture fixture) : IClassFixture<TrainedBundleFixture>
{
    private SyntheticShopSnapshots Shop => fixture.Shop;
    private ModelBundle Bundle => fixture.Result.Bundle;

    [Fact]
    public void Churn_classifier_beats_the_recency_rule_and_bgnbd_on_the_out_of_time_holdout()
    {
        Assert.NotNull(Bundle.Churn);
        var unit = Bundle.TimeUnit;
        var builder = new TrainingTableBuilder(new TrainingTableOptions { TimeUnit = unit, DropConstantColumns = false });
        var test = ChurnLabeler.FromDocuments(builder.Build(Shop.AtTraining, Shop.TrainingAsOf), Shop.AtEnd, SyntheticShopSnapshots.HorizonDays);
        var train = ChurnLabeler.FromDocuments(builder.Build(Shop.AtCutoff, Shop.Cutoff), Shop.AtTraining, SyntheticShopSnapshots.HorizonDays);

        var classifier = ChurnMetrics.Compute(Bundle.Churn.PredictBatch(test.Features), test.Churned);
        var recency = ChurnMetrics.Compute(RecencyBaseline.Fit(train).Predict(test.Features), test.Churned);
        var x = test.Features.Column(FeatureNames.Frequency);
        var tx = test.Features.Column(FeatureNames.BgNbdTx);
        var age = test.Features.Column(FeatureNames.BgNbdT);
        var horizon = SyntheticShopSnapshots.HorizonDays / 7.0;
        var bgNbdScores = x.Select((_, i) => Math.Exp(-Bundle.BgNbd.ExpectedPurchases(horizon, (int)x[i], tx[i], age[i]))).ToArray();
        var bgNbd = ChurnMetrics.Compute(bgNbdScores, test.Churned);

        Assert.True(classifier.RocAuc > recency.RocAuc, $"classifier {classifier.RocAuc:F4} vs recency {recency.RocAuc:F4}");
        Assert.True(classifier.RocAuc > bgNbd.RocAuc, $"classifier {classifier.RocAuc:F4} vs BG/NBD {bgNbd.RocAuc:F4}");
    }

    [Fact]
    public void Report_describes_every_part_of_the_bundle()
    {
        var report = fixture.Result.Report;
        Assert.Equal(report.EffectiveComponents, Bundle.Segments.Count);
        Assert.Equal(report.Customers, report.SegmentSizes.Values.Sum());
        Assert.InRange(report.EffectiveComponents, 2, fixture.Options.MaxComponents);
        Assert.True(double.IsFinite(report.Elbo));
        Assert.True(report.BgNbd.LogLikelihood < 0);
        Assert.NotNull(report.GammaGamma);
        Assert.NotNull(report.Churn);
        Assert.True(report.Readiness!.IsReady);
        Assert.Null(Bundle.Metrics.ChurnNotTrainedReason);
        Assert.Equal(report.Churn!.Grade, Bundle.Metrics.ChurnGrade);
        Assert.All(Bundle.Segments, s => Assert.False(string.IsNullOrWhiteSpace(s.Name)));
    }

    [Fact]
    public async Task Saved_and_loaded_bundle_scores_every_customer_identically()
    {
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(Bundle, stream, CancellationToken.None);
        stream.Position = 0;
        var loaded = await ModelBundleSerializer.LoadAsync(stream, CancellationToken.None);

        Assert.Equal(Bundle.Version, loaded.Version);
        var before = new CustomerScorer(Bundle);
        var after = new CustomerScorer(loaded);
        foreach (var document in Shop.AtEnd)
        {
            var expected = before.Score(document, Shop.End);
            var actual = after.Score(document, Shop.End);
            Assert.Equal(expected.SegmentId, actual.SegmentId);
            Assert.Equal(expected.SegmentName, actual.SegmentName);
            Assert.Equal(expected.SegmentProbabilities, actual.SegmentProbabilities);
            Assert.Equal(expected.ChurnProbability, actual.ChurnProbability);
            Assert.Equal(expected.ChurnDrivers, actual.ChurnDrivers);
            Assert.Equal(expected.ProbabilityAlive, actual.ProbabilityAlive);
            Assert.Equal(expected.ExpectedPurchases, actual.ExpectedPurchases);
            Assert.Equal(expected.CustomerLifetimeValue, actual.CustomerLifetimeValue);
        }
    }

    [Fact]
    public void Customers_without_or_with_one_purchase_get_finite_sensible_scores()
    {
        var scorer = new CustomerScorer(Bundle);
        var asOf = Shop.End;
        var start = asOf.AddDays(-60);
        var browser = CustomerFeaturesFolder.Fold("browser", [TestEvent("b1", "browser", EventType.SessionStart, start), TestEvent("b2", "browser", EventType.PageView, start.AddMinutes(1))]);
        var buyer = CustomerFeaturesFolder.Fold("buyer", [TestEvent("p1", "buyer", EventType.Purchase, start, orderId: "o1", amount: 40m)]);

        foreach (var score in new[] { scorer.Score(browser, asOf), scorer.Score(buyer, asOf) })
        {
            Assert.Contains(score.SegmentId, Bundle.SegmentIds);
            Assert.Equal(1.0, score.SegmentProbabilities.Sum(), 9);
            Assert.InRange(score.ChurnProbability, 0, 1);
            Assert.Equal(ChurnMethod.Classifier, score.ChurnMethod);
            Assert.InRange(score.ProbabilityAlive, 0, 1);
            Assert.True(double.IsFinite(score.ExpectedPurchases) && score.ExpectedPurchases >= 0);
            Assert.True(score.CustomerLifetimeValue is { } clv && double.IsFinite(clv) && clv >= 0);
            Assert.Equal(Bundle.Clv.Currency, score.Currency);
        }

        // Without a repeat purchase BG/NBD cannot have seen a dropout, so P(alive) is 1 for both.
        Assert.Equal(1.0, scorer.Score(buyer, asOf).ProbabilityAlive);
    }

    [Fact]
    public void Retraining_unchanged_data_with_another_seed_keeps_customers_in_their_segment_ids()
    {
        var options = fixture.Options with { Seed = 1 };
        var first = new ModelBundleTrainer(options).Train(new ModelBundleTrainingInput(Shop.AtEnd, Shop.End)).Bundle;
        var second = new ModelBundleTrainer(options with { Seed = 2 }).Train(new ModelBundleTrainingInput(Shop.AtEnd, Shop.End, Previous: first));

        var before = new CustomerScorer(first);
        var after = new CustomerScorer(second.Bundle);
        var same = Shop.AtEnd.Count(d => before.Score(d, Shop.End).SegmentId == after.Score(d, Shop.End).SegmentId);
        Assert.True(same >= 0.95 * Shop.AtEnd.Count, $"{same} of {Shop.AtEnd.Count} customers kept their segment id");
        Assert.NotNull(second.Report.SegmentFlows);
        Assert.True(second.Report.SegmentFlows!.ChangedShare <= 0.05);
    }

    [Fact]
    public void A_table_larger_than_the_segmentation_sample_finds_the_segments_of_the_full_fit()
    {
        var trainer = new ModelBundleTrainer(fixture.Options with { SegmentationSampleRows = null });
        var sampled = new ModelBundleTrainer(fixture.Options with { SegmentationSampleRows = SyntheticShopSnapshots.Customers / 3 });
        var table = trainer.BuildTable(Shop.AtEnd, Shop.End);

        var full = trainer.FitSegmentation(table, previous: null);
        var fromSample = sampled.FitSegmentation(table, previous: null);

        var data = new FeatureMatrix(table.SelectColumns(full.Columns).Values.ToArray(), table.RowCount, full.Columns.Count, full.Columns);
        var standardized = full.Scaler.Transform(data);
        var agreement = ClusteringMetrics.AdjustedRandIndex(full.Mixture.PredictSegments(standardized), fromSample.Mixture.PredictSegments(standardized));
        Assert.Equal(full.Mixture.Components, fromSample.Mixture.Components);
        Assert.True(agreement >= 0.9, $"adjusted Rand index {agreement:F3} between the full and the sampled fit");
        Assert.Equal(table.RowCount, fromSample.Segments.Sum(s => s.Size));
    }

    [Fact]
    public void Without_cutoff_documents_the_classifier_trains_on_a_rolling_origin_of_the_purchase_history()
    {
        var result = new ModelBundleTrainer(fixture.Options).Train(new ModelBundleTrainingInput(Shop.AtTraining, Shop.TrainingAsOf));

        var serving = Assert.IsType<ChurnServingChoice>(result.Report.ChurnServing);
        Assert.True(serving.Plan.IsRollingOrigin, serving.Plan.ToString());
        Assert.Equal(SyntheticShopSnapshots.HorizonDays, serving.Plan.HorizonDays);
        Assert.Contains("no documents as of T - H", Assert.Single(result.Report.Readiness!.Checks, c => c.Name == "history").Message);
        Assert.All(serving.Candidate.FeatureNames, name => Assert.Contains(name, FeatureNames.PurchaseHistory.Concat(FeatureNames.Lifetime)));
    }

    [Fact]
    public void Without_enough_buyers_churn_falls_back_to_bgnbd_and_says_so()
    {
        var options = fixture.Options with { Readiness = fixture.Options.Readiness with { MinRepeatBuyers = 1_000_000 } };

        var result = new ModelBundleTrainer(options).Train(new ModelBundleTrainingInput(Shop.AtTraining, Shop.TrainingAsOf));

        Assert.Null(result.Bundle.Churn);
        Assert.Null(result.Report.ChurnServing);
        Assert.Contains("BG/NBD", result.Bundle.Metrics.ChurnNotTrainedReason);
        var score = new CustomerScorer(result.Bundle).Score(Shop.AtTraining[0], Shop.TrainingAsOf);
        Assert.Equal(ChurnMethod.BgNbdFallback, score.ChurnMethod);
        Assert.InRange(score.ChurnProbability, 0, 1);
        Assert.Empty(score.ChurnDrivers);
    }

    [Fact]
    public void Too_few_customers_are_refused_with_a_clear_message()
    {
        var few = Shop.AtTraining.Take(5).ToList();
        var error = Assert.Throws<ModelTrainingException>(() => new ModelBundleTrainer(fixture.Options).Train(new ModelBundleTrainingInput(few, Shop.TrainingAsOf)));
        Assert.Contains("5 customer(s)", error.Message);
        Assert.Contains("at least 10", error.Message);

        var none = Assert.Throws<ModelTrainingException>(() => new ModelBundleTrainer(fixture.Options).Train(new ModelBundleTrainingInput([], Shop.TrainingAsOf)));
        Assert.Contains("0 customer(s)", none.Message);
    }

    private static CustomerEvent TestEvent(
        string id, string customer, EventType type, DateTimeOffset at, string? orderId = null, decimal? amount = null) =>
        new() { Id = id, CustomerId = customer, Type = type, Timestamp = at, OrderId = orderId, Amount = amount, Currency = amount is null ? null : "EUR" };
}
