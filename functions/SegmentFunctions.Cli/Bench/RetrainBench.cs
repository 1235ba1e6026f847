using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// A full retrain on the embedded store (SQLite feature store, local folder blobs, in a temporary folder) for 100k
/// synthetic customers (10k with --quick, 1M with --large): snapshot the store, load the snapshots at T and T - H and
/// fit the bundle (segmentation, BG/NBD, Gamma-Gamma, churn classifier), batch score every customer. The store is
/// seeded untimed by folding each customer's generated events in memory, and the snapshot at T - H (a previous run's)
/// is written untimed. Each step's baseline, measured in the same run, is the I/O floor under it: scanning the store
/// for the snapshot, reading the snapshot back for batch scoring. Memory is each step's peak working set.
/// Goal: 1M customers in ≤ 3 minutes and ≤ 3 GB on 2 cores.
/// </summary>
internal sealed class RetrainBench : IBenchmark
{
    private const int HorizonDays = 90;

    public string Name => "retrain";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var customers = settings.Quick ? 10_000 : settings.Large ? 1_000_000 : 100_000;
        var shop = new SyntheticShopOptions { Customers = customers, Seed = settings.Seed, HoldoutDays = HorizonDays };
        var asOf = shop.End;
        var cutoff = asOf.AddDays(-HorizonDays);
        var folder = Directory.CreateTempSubdirectory("segment-bench-retrain-");
        try
        {
            using var current = new SqliteFeatureStore(Path.Combine(folder.FullName, "features.db"));
            using var previous = new SqliteFeatureStore(Path.Combine(folder.FullName, "features-cutoff.db"));
            await SeedAsync(shop, current, previous, cutoff, cancellationToken);

            var blobs = new LocalFolderBlobStore(Path.Combine(folder.FullName, "blobs"));
            var snapshotOptions = Options.Create(new SnapshotOptions());
            var scoringOptions = Options.Create(new BatchScoringOptions());
            var snapshotReader = new FeatureSnapshotReader(blobs, snapshotOptions);
            await new FeatureSnapshotWriter(previous, blobs, snapshotOptions, TimeProvider.System, NullLogger<FeatureSnapshotWriter>.Instance)
                .WriteAsync(new SnapshotRequest("cutoff", cutoff, "sqlite"), include: null, cancellationToken);

            var name = string.Create(CultureInfo.InvariantCulture, $"{Name} n={customers:N0}");
            var load = LoadAverage();
            var figures = new List<BenchFigure>();
            var total = Stopwatch.StartNew();

            var scan = await TimeAsync(async () => await CountAsync(current.ReadAllAsync(cancellationToken), cancellationToken));
            PeakMemory.Reset();
            var snapshot = await TimeAsync(() => new FeatureSnapshotWriter(current, blobs, snapshotOptions, TimeProvider.System, NullLogger<FeatureSnapshotWriter>.Instance)
                .WriteAsync(new SnapshotRequest("current", asOf, "sqlite"), include: null, cancellationToken));
            var snapshotPeak = PeakMemory.PeakMegabytes();

            PeakMemory.Reset();
            var documents = await TimeAsync(async () => (
                AtAsOf: await LoadForFitAsync(snapshotReader.ReadAsync("current", cancellationToken), cancellationToken),
                AtCutoff: await LoadForFitAsync(snapshotReader.ReadAsync("cutoff", cancellationToken), cancellationToken)));
            var loadPeak = PeakMemory.PeakMegabytes();
            var loadSeconds = documents.Seconds;
            var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = settings.Seed });
            var fit = await TimeAsync(() => Task.FromResult(trainer.Train(
                new ModelBundleTrainingInput(documents.Value.AtAsOf, asOf, documents.Value.AtCutoff), cancellationToken)));
            var fitPeak = PeakMemory.PeakMegabytes();
            documents = default;

            var read = await TimeAsync(async () => await CountAsync(snapshotReader.ReadAsync("current", cancellationToken), cancellationToken));
            PeakMemory.Reset();
            var scorer = new BatchScorer(
                snapshotReader, new BatchScoreReader(blobs, scoringOptions), blobs, scoringOptions, TimeProvider.System, NullLogger<BatchScorer>.Instance);
            var scored = await TimeAsync(() => scorer.ScoreAsync(fit.Value.Bundle, "current", previousVersion: null, progress: null, cancellationToken));
            var scoringPeak = PeakMemory.PeakMegabytes();
            var measured = snapshot.Seconds + loadSeconds + fit.Seconds + scored.Seconds;

            var memory = PeakMemory.CanReset ? "peak working set of the step" : "peak working set of the process so far";
            var bundle = fit.Value.Bundle;
            figures.AddRange(
            [
                new(name, "snapshot (SQLite store -> Parquet blob)", snapshot.Seconds, "s", 1, scan.Seconds, "scan every document of the store"),
                new(name, "load snapshots T and T-H for fitting", loadSeconds, "s", 1),
                new(name, string.Create(CultureInfo.InvariantCulture, $"fit bundle (K={bundle.Mixture.Components}, classifier {(bundle.Churn is null ? "not trained" : "trained")})"), fit.Seconds, "s", 1),
                new(name, "batch scoring (scores, audiences)", scored.Seconds, "s", 1, read.Seconds, "read the snapshot back"),
                new(name, "full retrain (snapshot + load + fit + batch scoring)", measured, "s", 1, Goal: "1M: <= 180 s"),
                new(name, $"{memory}: snapshot", snapshotPeak, "MB", 1),
                new(name, $"{memory}: load snapshots", loadPeak, "MB", 1),
                new(name, $"{memory}: load + fit", fitPeak, "MB", 1, Goal: "1M: <= 3072 MB"),
                new(name, $"{memory}: batch scoring", scoringPeak, "MB", 1, Goal: "1M: <= 3072 MB"),
                new(name, "customers scored", scored.Value.RowCount, "customers", 1),
                new(name, "whole benchmark including baselines (seeding excluded)", total.Elapsed.TotalSeconds, "s", 1),
            ]);
            if (load is { } average)
            {
                figures.Add(new(name, "load average (1 min) before the run", average, "runnable tasks", 1, Goal: $"{Environment.ProcessorCount} cores"));
            }

            return figures;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Generates the shop customer by customer and writes each one's documents at T and T - H; nothing is kept, so
    /// seeding 1M customers takes constant memory.
    /// </summary>
    private static async Task SeedAsync(
        SyntheticShopOptions shop, SqliteFeatureStore current, SqliteFeatureStore previous, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        foreach (var customer in new SyntheticShopGenerator(shop).Customers())
        {
            var id = customer.Truth.CustomerId;
            await current.WriteAsync(CustomerFeaturesFolder.Fold(id, customer.Events), null, cancellationToken);
            var before = customer.Events.Where(e => e.Timestamp < cutoff).ToList();
            if (before.Count > 0)
            {
                await previous.WriteAsync(CustomerFeaturesFolder.Fold(id, before), null, cancellationToken);
            }
        }
    }

    private static async Task<Timed<T>> TimeAsync<T>(Func<Task<T>> step)
    {
        var started = Stopwatch.GetTimestamp();
        var value = await step();
        return new Timed<T>(value, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static async Task<long> CountAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in items.WithCancellation(cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The documents of a snapshot as the fit holds them. The ingestion dedupe state (up to 1,000 recent event keys,
    /// about 7.5 of a synthetic document's 8.5 kB of JSON) is dropped as each document is read: no model reads it, and
    /// kept it would make 1M documents take over 10 GB.
    /// </summary>
    private static async Task<List<CustomerFeatures>> LoadForFitAsync(IAsyncEnumerable<CustomerFeatures> documents, CancellationToken cancellationToken)
    {
        var list = new List<CustomerFeatures>();
        await foreach (var document in documents.WithCancellation(cancellationToken))
        {
            document.Processing = new ProcessingState();
            list.Add(document);
        }

        return list;
    }

    /// <summary>The 1-minute load average on Linux: figures measured on a busy machine say so.</summary>
    private static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }

    private readonly record struct Timed<T>(T Value, double Seconds);
}
