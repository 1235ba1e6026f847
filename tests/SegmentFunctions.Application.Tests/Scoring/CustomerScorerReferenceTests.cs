using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Scoring;

/// <summary>
/// The scorer's lifetime and churn outputs against the straightforward computation from the bundle's models, one
/// quantity at a time: P(alive), E[Y] at the CLV horizon and every CLV period end from BG/NBD's single-horizon
/// expectation, CLV period by period, the intervals from <see cref="LifetimeIntervals"/> given those, and the
/// classifier's probability and drivers on a row whose BG/NBD columns come from <see cref="LifetimeFeatures"/>.
/// Equal bit for bit: sharing work inside a score must not move any number.
/// </summary>
public sealed class CustomerScorerReferenceTests
{
    private const int HorizonDays = 90;

    [Fact]
    public void A_whole_bundle_score_equals_the_quantities_computed_one_by_one()
    {
        var options = new SyntheticShopOptions { Customers = 3_000, Months = 9, Seed = 5, HoldoutDays = HorizonDays };
        var documents = Fold(options);
        var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 3 });
        var bundle = trainer.Train(new ModelBundleTrainingInput(documents, options.End)).Bundle;
        Assert.True(bundle.Churn is { UsesLifetime: true }, "the bundle should serve a classifier that reads BG/NBD's view");
        Assert.NotNull(bundle.GammaGamma);
        Assert.NotNull(bundle.Uncertainty);
        var scorer = new CustomerScorer(bundle);

        var compared = 0;
        foreach (var document in documents.Take(400))
        {
            var score = scorer.Score(document, options.End);
            var reference = Reference(bundle, document, options.End);

            Assert.Equal(reference.ProbabilityAlive, score.ProbabilityAlive);
            Assert.Equal(reference.ExpectedPurchases, score.ExpectedPurchases);
            Assert.Equal(reference.CustomerLifetimeValue, score.CustomerLifetimeValue);
            Assert.Equal(reference.ProbabilityAliveInterval, score.ProbabilityAliveInterval);
            Assert.Equal(reference.ExpectedPurchasesInterval, score.ExpectedPurchasesInterval);
            Assert.Equal(reference.CustomerLifetimeValueInterval, score.CustomerLifetimeValueInterval);
            Assert.Equal(reference.ChurnProbability, score.ChurnProbability);
            Assert.Equal(reference.ChurnDrivers, score.ChurnDrivers);
            Assert.Equal(reference.ChurnProbability, scorer.Score(document, options.End, explainChurn: false).ChurnProbability);
            compared += score.ChurnDrivers.Count > 0 && score.CustomerLifetimeValueInterval is not null ? 1 : 0;
        }

        Assert.True(compared > 100, $"only {compared} scores had drivers and a CLV interval to compare");
    }

    private static CustomerScore Reference(ModelBundle bundle, CustomerFeatures document, DateTimeOffset asOf)
    {
        var row = new double[TrainingRowFeaturizer.Width];
        TrainingRowFeaturizer.Featurize(document, asOf, bundle.TimeUnit, row, new bool[TrainingRowFeaturizer.Width]);
        var x = (int)row[Column(FeatureNames.Frequency)];
        var tx = row[Column(FeatureNames.BgNbdTx)];
        var age = row[Column(FeatureNames.BgNbdT)];
        var zbar = x > 0 ? row[Column(FeatureNames.Monetary)] : 0;
        var clv = bundle.Clv.ToOptions(bundle.TimeUnit);
        var horizon = bundle.Clv.Horizon(bundle.TimeUnit);

        var alive = bundle.BgNbd.ProbabilityAlive(x, tx, age);
        var expected = bundle.BgNbd.ExpectedPurchases(horizon, x, tx, age);
        var spend = bundle.GammaGamma!.ConditionalExpectedAverageSpend(x, zbar);
        var value = 0.0;
        var previous = 0.0;
        for (var i = 1; i <= clv.Periods; i++)
        {
            // CLV = Σ_i (E[Y(iL)] − E[Y((i−1)L)]) · E[M] / (1 + d)^i, as the lifetimes package computes it.
            var cumulative = bundle.BgNbd.ExpectedPurchases(i * clv.PeriodLength, x, tx, age);
            value += (cumulative - previous) * spend / Math.Pow(1.0 + clv.DiscountRate, i);
            previous = cumulative;
        }

        var intervals = new LifetimeIntervals(bundle.BgNbd, bundle.Uncertainty!, withSpend: true, clv, horizon)
            .Evaluate(x, tx, age, zbar, expected, value, spend);

        var classifier = bundle.Churn!;
        var lifetime = LifetimeFeatures.Of(bundle.BgNbd, classifier.HorizonDays / bundle.TimeUnit.Days(), x, tx, age);
        var churnRow = classifier.FeatureNames.Select(name => name switch
        {
            FeatureNames.LifetimeExpectedPurchases => lifetime.ExpectedPurchases,
            FeatureNames.LifetimeProbabilityAlive => lifetime.ProbabilityAlive,
            _ => row[Column(name)],
        }).ToArray();
        var churn = classifier.PredictExplained(churnRow);

        return new CustomerScore(
            document.CustomerId, asOf, bundle.Version, 0, string.Empty, 0, [], churn.Probability, default, default,
            bundle.ChurnHorizonDays, churn.Drivers, alive, expected, bundle.Clv.Months, value, bundle.Clv.Currency,
            intervals.Alive, intervals.Expected, intervals.Value);
    }

    private static int Column(string name)
    {
        var index = FeatureNames.All.ToList().IndexOf(name);
        Assert.True(index >= 0, name);
        return index;
    }

    private static List<CustomerFeatures> Fold(SyntheticShopOptions options)
    {
        var documents = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            documents.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
        }

        return documents;
    }
}
