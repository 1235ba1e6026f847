using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Training;

public sealed class ShortHistoryChurnTests
{
    private const int HorizonDays = 90;

    [Fact]
    public void Nine_months_of_history_train_a_classifier_on_a_rolling_origin_with_bgnbd_features()
    {
        var options = new SyntheticShopOptions { Customers = 3_000, Months = 9, Seed = 5, HoldoutDays = HorizonDays };
        var documents = Fold(options, options.End);
        var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 3 });

        var result = trainer.Train(new ModelBundleTrainingInput(documents, options.End));

        var serving = Assert.IsType<ChurnServingChoice>(result.Report.ChurnServing);
        Assert.True(serving.Plan.IsRollingOrigin, serving.Plan.ToString());
        Assert.Equal(HorizonDays, serving.Plan.HorizonDays);
        Assert.True(serving.Plan.Cutoffs.Count >= 2, serving.Plan.ToString());
        Assert.All(serving.Plan.Cutoffs, c => Assert.True(c.AddDays(HorizonDays) <= options.End));
        Assert.Contains(FeatureNames.LifetimeExpectedPurchases, serving.Candidate.FeatureNames);
        Assert.Contains(FeatureNames.LifetimeProbabilityAlive, serving.Candidate.FeatureNames);
        Assert.True(serving.Classifier.RocAuc > 0.6, $"validation AUC {serving.Classifier.RocAuc:F4}");
        Assert.Equal(ChurnServingRule.ClassifierServes(serving.Classifier, serving.BgNbd!), serving.ClassifierServes);
        Assert.Equal(serving.ClassifierServes, result.Bundle.Churn is not null);
    }

    [Fact]
    public async Task A_served_rolling_origin_classifier_scores_from_the_bundle_and_survives_a_save_and_load()
    {
        var options = new SyntheticShopOptions { Customers = 3_000, Months = 9, Seed = 5, HoldoutDays = HorizonDays };
        var documents = Fold(options, options.End);
        var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 3 });
        var result = trainer.Train(new ModelBundleTrainingInput(documents, options.End));
        var bundle = Assert.IsType<ModelBundle>(result.Bundle);
        Assert.True(bundle.Churn is not null, result.Report.ChurnServing?.Reason);
        Assert.True(bundle.Churn.UsesLifetime);
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, stream, CancellationToken.None);
        stream.Position = 0;
        var loaded = await ModelBundleSerializer.LoadAsync(stream, CancellationToken.None);

        var table = trainer.BuildTable(documents, options.End);
        var batch = bundle.Churn.PredictBatch(table, bundle.BgNbd);
        var scorer = new CustomerScorer(bundle);
        var loadedScorer = new CustomerScorer(loaded);
        var byId = documents.ToDictionary(d => d.CustomerId, StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            var score = scorer.Score(byId[table.CustomerIds[i]], options.End);
            Assert.Equal(ChurnMethod.Classifier, score.ChurnMethod);
            Assert.Equal(batch[i], score.ChurnProbability, 12);
            Assert.Equal(score.ChurnProbability, loadedScorer.Score(byId[table.CustomerIds[i]], options.End).ChurnProbability, 12);
        }
    }

    [Fact]
    public void A_rolling_origin_classifier_predicts_the_next_window_out_of_time()
    {
        var options = new SyntheticShopOptions { Customers = 3_000, Months = 9, Seed = 5, HoldoutDays = HorizonDays };
        var asOf = options.End.AddDays(-HorizonDays);
        var atAsOf = Fold(options, asOf);
        var atEnd = Fold(options, options.End);
        var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 3 });
        var result = trainer.Train(new ModelBundleTrainingInput(atAsOf, asOf));
        var candidate = result.Report.ChurnServing!.Candidate;

        var table = trainer.BuildTable(atAsOf, asOf);
        var test = ChurnLabeler.FromDocuments(table, atEnd, result.Report.ChurnServing.Plan.HorizonDays);
        var batch = candidate.PredictBatch(table, result.Bundle.BgNbd);
        var auc = ChurnMetrics.Compute(batch, test.Churned).RocAuc;

        Assert.True(auc > 0.6, $"out-of-time AUC {auc:F4}");
    }

    private static List<CustomerFeatures> Fold(SyntheticShopOptions options, DateTimeOffset asOf)
    {
        var documents = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            var before = customer.Events.Where(e => e.Timestamp < asOf).ToList();
            if (before.Count > 0)
            {
                documents.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }
        }

        return documents;
    }
}
