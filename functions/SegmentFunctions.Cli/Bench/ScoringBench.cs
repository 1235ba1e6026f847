using System.Diagnostics;
using System.Text.Json;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Scoring one customer with a whole model bundle (featurize, segment, BG/NBD, CLV, churn classifier with drivers):
/// the median over every customer of a trained synthetic shop of each call's microseconds. In the same run: the
/// same bundle without the churn drivers, without a churn classifier (BG/NBD fallback), and, as baseline, deserializing the customer's feature
/// document from JSON, the step that precedes scoring when serving. Goal: ≤ 10 µs per customer. Also the bytes a whole
/// score allocates, against the same baseline.
/// </summary>
internal sealed class ScoringBench : IBenchmark
{
    private const int HorizonDays = 90;

    public string Name => "scoring";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SyntheticShopOptions { Customers = settings.Quick ? 2_000 : 5_000, Seed = settings.Seed, HoldoutDays = HorizonDays };
        var end = options.End;
        var cutoff = end.AddDays(-HorizonDays);
        var atCutoff = new List<CustomerFeatures>();
        var atEnd = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            atEnd.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
            var before = customer.Events.Where(e => e.Timestamp < cutoff).ToList();
            if (before.Count > 0)
            {
                atCutoff.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }
        }

        var training = new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = settings.Seed };
        var full = new ModelBundleTrainer(training).Train(new ModelBundleTrainingInput(atEnd, end, atCutoff), cancellationToken).Bundle;
        // Churn readiness refused, so BG/NBD serves churn: the scoring path without a classifier.
        var fallback = new ModelBundleTrainer(training with { Readiness = new DataReadinessOptions { MinCustomers = int.MaxValue } })
            .Train(new ModelBundleTrainingInput(atEnd, end), cancellationToken).Bundle;
        var scorer = new CustomerScorer(full);
        var fallbackScorer = new CustomerScorer(fallback);
        var json = atEnd.Select(d => JsonSerializer.SerializeToUtf8Bytes(d, DomainJsonContext.Default.CustomerFeatures)).ToArray();

        var repetitions = Math.Max(1, settings.Repetitions);
        var name = $"{Name} n={atEnd.Count:N0} ({(full.Churn is null ? "no classifier" : "classifier")}, K={full.Mixture.Components})";
        var deserialize = MedianMicroseconds(repetitions, json.Length, i => JsonSerializer.Deserialize(json[i], DomainJsonContext.Default.CustomerFeatures));
        var whole = MedianMicroseconds(repetitions, atEnd.Count, i => scorer.Score(atEnd[i], end));
        var withoutDrivers = MedianMicroseconds(repetitions, atEnd.Count, i => scorer.Score(atEnd[i], end, explainChurn: false));
        var withoutClassifier = MedianMicroseconds(repetitions, atEnd.Count, i => fallbackScorer.Score(atEnd[i], end));
        var deserializeBytes = AllocatedBytes(json.Length, i => JsonSerializer.Deserialize(json[i], DomainJsonContext.Default.CustomerFeatures));
        var wholeBytes = AllocatedBytes(atEnd.Count, i => scorer.Score(atEnd[i], end));
        const string baseline = "deserialize the feature document (System.Text.Json, source-generated)";
        return Task.FromResult<IReadOnlyList<BenchFigure>>(
        [
            new(name, "score one customer, whole bundle (median per customer)", whole, "µs", repetitions, deserialize, baseline, "<= 10 µs"),
            new(name, "score one customer, whole bundle without churn drivers (median per customer)", withoutDrivers, "µs", repetitions, deserialize, baseline, "<= 10 µs"),
            new(name, "score one customer, BG/NBD churn fallback (median per customer)", withoutClassifier, "µs", repetitions, deserialize, baseline, "<= 10 µs"),
            new(name, "bytes allocated per customer scored, whole bundle (mean)", wholeBytes, "B", 1, deserializeBytes, baseline, null),
        ]);
    }

    /// <summary>Mean bytes one call allocates on the calling thread, over one pass of every customer.</summary>
    private static double AllocatedBytes(int count, Func<int, object?> call)
    {
        var sink = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            sink += call(i) is null ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(sink);
        return (double)allocated / count;
    }

    /// <summary>Median over customers and repetitions of one call's microseconds, after one warm-up pass.</summary>
    private static double MedianMicroseconds(int repetitions, int count, Func<int, object?> call)
    {
        var sink = 0;
        for (var i = 0; i < count; i++)
        {
            sink += call(i) is null ? 0 : 1;
        }

        var samples = new double[repetitions * count];
        var tickMicroseconds = 1e6 / Stopwatch.Frequency;
        for (var r = 0; r < repetitions; r++)
        {
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                sink += call(i) is null ? 0 : 1;
                samples[r * count + i] = (Stopwatch.GetTimestamp() - start) * tickMicroseconds;
            }
        }

        GC.KeepAlive(sink);
        Array.Sort(samples);
        var n = samples.Length;
        return n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
    }
}
