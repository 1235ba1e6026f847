using System.Diagnostics;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Churn on a synthetic shop (20,000 customers over 18 months; 2,000 with --quick): event generation, classifier
/// training against fitting the recency rule, single-customer prediction through the pooled prediction engine against a
/// one-row batch transform, and holdout ROC AUC against the rule's, all in the same run.
/// </summary>
internal sealed class ChurnBench : IBenchmark
{
    private const int PredictionsPerTiming = 200;

    public string Name => "churn";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var repetitions = Math.Max(1, settings.Quick ? Math.Min(settings.Repetitions, 3) : settings.Repetitions);
        var options = new SyntheticShopOptions { Customers = settings.Quick ? 2_000 : 20_000, Seed = settings.Seed };
        var generator = new SyntheticShopGenerator(options);

        long events = 0;
        var generateMs = Time(repetitions, () => events = generator.EventsByCustomer().LongCount());
        var truthMs = Time(repetitions, () => generator.GroundTruth().Count());
        cancellationToken.ThrowIfCancellationRequested();

        var atCutoff = new List<CustomerFeatures>();
        var churned = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var customer in generator.Customers())
        {
            churned[customer.Truth.CustomerId] = customer.Truth.ChurnedInHoldout;
            var before = customer.Events.Where(e => e.Timestamp < options.HoldoutStart).ToList();
            if (before.Count > 0)
            {
                atCutoff.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }
        }

        var tableMs = Time(repetitions, () => new TrainingTableBuilder().Build(atCutoff, options.HoldoutStart));
        var dataset = ChurnLabeler.FromKnownLabels(new TrainingTableBuilder().Build(atCutoff, options.HoldoutStart), churned, options.HoldoutDays);
        var (train, test) = dataset.Split(0.3, settings.Seed);
        cancellationToken.ThrowIfCancellationRequested();

        var trainer = new ChurnClassifierTrainer();
        var classifier = trainer.Train(train, cancellationToken);
        var trainMs = Time(repetitions, () => trainer.Train(train, cancellationToken));
        var ruleMs = Time(repetitions, () => RecencyBaseline.Fit(train));
        cancellationToken.ThrowIfCancellationRequested();

        var rows = test.Features.SelectColumns(classifier.FeatureNames);
        classifier.Predict(rows.Row(0));
        var pooledUs = Time(repetitions, () =>
        {
            for (var i = 0; i < PredictionsPerTiming; i++)
            {
                classifier.Predict(rows.Row(i % rows.RowCount));
            }
        }) * 1000.0 / PredictionsPerTiming;
        var oneRowBatchUs = Time(repetitions, () =>
        {
            for (var i = 0; i < PredictionsPerTiming; i++)
            {
                classifier.PredictBatch(rows.SelectRows([i % rows.RowCount]));
            }
        }) * 1000.0 / PredictionsPerTiming;
        var batchUs = Time(repetitions, () => classifier.PredictBatch(rows)) * 1000.0 / rows.RowCount;

        var model = ChurnMetrics.Compute(classifier.PredictBatch(test.Features), test.Churned);
        var rule = ChurnMetrics.Compute(RecencyBaseline.Fit(train).Predict(test.Features), test.Churned);
        var quality = ChurnQuality.Of(model, rule);

        var shop = $"{Name} synthetic n={options.Customers}";
        IReadOnlyList<BenchFigure> figures =
        [
            new(shop, $"generate {events:N0} events", generateMs, "ms", repetitions, truthMs, "ground truth only (no events)", "seconds"),
            new(shop, "training table as of the cut-off", tableMs, "ms", repetitions),
            new(shop, $"train FastTree (n={train.Count})", trainMs, "ms", repetitions, ruleMs, "fit the recency rule"),
            new(shop, "predict one customer (pooled engine)", pooledUs, "µs", repetitions, oneRowBatchUs, "one-row batch transform"),
            new(shop, "predict per customer in a batch", batchUs, "µs", repetitions),
            new(shop, $"holdout ROC AUC (grade {quality.Grade})", model.RocAuc, "AUC", 1, rule.RocAuc, "recency rule: no purchase in H/2 days", ">= rule + 0.05"),
            new(shop, "holdout Brier score", model.Brier, "", 1, rule.Brier, "recency rule"),
        ];
        return Task.FromResult(figures);
    }

    /// <summary>Median wall time in milliseconds of <paramref name="repetitions"/> runs.</summary>
    private static double Time(int repetitions, Action action)
    {
        var samples = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[repetitions / 2];
    }
}
