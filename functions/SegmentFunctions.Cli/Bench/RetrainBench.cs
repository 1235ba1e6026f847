using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// A full retrain, the real orchestration (<see cref="RetrainingServiceCollectionExtensions.AddSegmentRetraining"/>)
/// run in process on the embedded store (SQLite feature store, local folder blobs, in a temporary folder), for 100k
/// synthetic customers (10k with --quick, 1M with --large): snapshot, readiness, fits in parallel (segmentation,
/// BG/NBD and Gamma-Gamma, churn classifier), assemble, evaluate, publish, batch score. Untimed: seeding the store by
/// folding each customer's generated events in memory, and the snapshot at T - H a previous run would have left, so
/// the churn classifier is trained. Each activity's wall time comes from its duration metric, with the largest working
/// set sampled while it ran; the baseline of the snapshot is scanning every document of the store, in the same run.
/// Goal: 1M customers in ≤ 3 minutes and ≤ 3 GB on 2 cores.
/// </summary>
internal sealed class RetrainBench : IBenchmark
{
    private const int HorizonDays = 90;
    private const int SeedChunk = 4_096;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

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
            var blobs = new LocalFolderBlobStore(Path.Combine(folder.FullName, "blobs"));
            var seeding = Stopwatch.StartNew();
            // A stored document is mostly its ingestion bookkeeping (up to a thousand packed dedupe keys, about 8 KB):
            // 1M of them are 9 GB of store that take longer to seed than a shared machine allows. At 1M the store
            // holds the documents without it, which the snapshot leaves out anyway; the snapshot then does not pay
            // for reading it, so compare that step with the 100k figure, which does.
            var bookkeeping = !settings.Large;
            await SeedAsync(shop, current, blobs, cutoff, bookkeeping, cancellationToken);
            seeding.Stop();

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Retraining:ChurnHorizonDays"] = HorizonDays.ToString(CultureInfo.InvariantCulture),
                ["Retraining:Training:Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            }).Build();
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<IBlobStore>(blobs)
                .AddSingleton<IFeatureStore>(current)
                .AddSingleton(TimeProvider.System);
            services.AddLocalDurableTask(configuration);
            await using var provider = services.BuildServiceProvider();
            var host = provider.GetRequiredService<LocalDurableTaskHost>();
            await host.StartAsync(cancellationToken);

            var load = LoadAverage();
            var scan = Stopwatch.StartNew();
            await CountAsync(current.ReadAllAsync(cancellationToken), cancellationToken);
            scan.Stop();

            PeakMemory.Reset();
            var startingSet = PeakMemory.WorkingSetMegabytes();
            using var sampler = new WorkingSetSampler(SampleInterval);
            var run = Stopwatch.StartNew();
            using var timings = new ActivityTimings();
            var runs = provider.GetRequiredService<RetrainRuns>();
            var start = await runs.StartAsync(host.Client, new RetrainRequest("bench", asOf, Force: true), cancellationToken);
            var status = await runs.WaitForCompletionAsync(host.Client, start.RunId, progress: null, cancellationToken);
            run.Stop();
            var peak = PeakMemory.PeakMegabytes();
            var samples = sampler.Stop();
            var result = status.ReadResult();
            if (result is null)
            {
                throw new InvalidOperationException($"The retraining run ended {status.RuntimeStatus}: {status.Failure?.Step}: {status.Failure?.Message}");
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{Name} n={customers:N0}");
            var figures = new List<BenchFigure>();
            foreach (var activity in timings.Completed())
            {
                var seconds = (activity.CompletedTime - activity.StartedTime).TotalSeconds;
                // An activity shorter than the sampling interval gets the last sample taken before it ended.
                var largest = samples.Where(s => s.At >= activity.StartedTime && s.At <= activity.CompletedTime).Select(s => s.Megabytes)
                    .DefaultIfEmpty(samples.LastOrDefault(s => s.At <= activity.CompletedTime).Megabytes).Max();
                var metric = string.Create(CultureInfo.InvariantCulture, $"{activity.Name} (largest sampled working set {largest:N0} MB)");
                figures.Add(new(name, metric, seconds, "s", 1));
            }

            var completed = timings.Completed();
            var snapshotStart = completed.Where(a => a.Name == RetrainActivityNames.PlanSnapshot).Min(a => a.StartedTime);
            var snapshotEnd = completed.Where(a => a.Name == RetrainActivityNames.CompleteSnapshot).Max(a => a.CompletedTime);
            var shards = completed.Count(a => a.Name == RetrainActivityNames.WriteSnapshotShard);
            figures.Add(new(
                name, string.Create(CultureInfo.InvariantCulture, $"snapshot at T: plan, {shards} shards in parallel, complete"),
                (snapshotEnd - snapshotStart).TotalSeconds, "s", 1, scan.Elapsed.TotalSeconds, "scan every document of the store"));

            var memory = PeakMemory.CanReset ? "peak working set of the run" : "peak working set of the process so far";
            figures.AddRange(
            [
                new(name, $"full retrain, {result.Outcome} (classifier {(result.Metrics.ChurnClassifierTrained ? "trained" : "not trained")})", run.Elapsed.TotalSeconds, "s", 1, Goal: "1M: <= 180 s"),
                new(name, memory, peak, "MB", 1, Goal: "1M: <= 3072 MB"),
                new(name, $"seeding: generate, fold at T and T - H, write the store{(bookkeeping ? "" : " (documents without ingestion bookkeeping)")} and the T - H snapshot (untimed setup)", seeding.Elapsed.TotalSeconds, "s", 1),
                new(name, "working set at the start of the run (what seeding left: heap, store pages)", startingSet, "MB", 1),
                new(name, "customers batch scored", result.BatchScore?.Scored ?? 0, "customers", 1),
                new(name, "segments of the challenger", result.Metrics.Segments, "segments", 1),
                new(name, $"challenger churn ROC AUC on {result.Metrics.HoldoutCustomers:N0} held-out customers", result.Metrics.ChallengerAuc ?? double.NaN, "AUC", 1),
            ]);
            if (load is { } average)
            {
                figures.Add(new(name, "load average (1 min) before the run", average, "runnable tasks", 1, Goal: $"≤ {Environment.ProcessorCount} (cores)"));
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
    /// Generates the shop in chunks of <see cref="SeedChunk"/> customers on one thread while the chunk before is folded
    /// in parallel, each customer at T and at T - H. The documents at T are written to the store, a chunk's writes
    /// issued together so that the store commits them in groups rather than one transaction per document; those at
    /// T - H stream straight into the snapshot a previous run would have left (the run never reads that store). Only a
    /// few chunks are alive at a time, so seeding 1M customers takes constant memory.
    /// </summary>
    private static async Task SeedAsync(
        SyntheticShopOptions shop, SqliteFeatureStore current, IBlobStore blobs, DateTimeOffset cutoff, bool bookkeeping, CancellationToken cancellationToken)
    {
        var previous = new StreamedFeatureStore();
        var snapshot = new FeatureSnapshotWriter(previous, blobs, Options.Create(new SnapshotOptions()), TimeProvider.System, NullLogger<FeatureSnapshotWriter>.Instance)
            .WriteAsync(new SnapshotRequest("cutoff", cutoff, "sqlite"), include: null, cancellationToken);
        var chunks = Channel.CreateBounded<SyntheticCustomer[]>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in new SyntheticShopGenerator(shop).Customers().Chunk(SeedChunk))
                {
                    await chunks.Writer.WriteAsync(chunk, cancellationToken);
                }

                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                chunks.Writer.Complete(e);
            }
        }, cancellationToken);

        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var atT = new CustomerFeatures[chunk.Length];
                var atCutoff = new CustomerFeatures?[chunk.Length];
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var customer = chunk[i];
                    atT[i] = CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events);
                    if (!bookkeeping)
                    {
                        atT[i].Processing = new ProcessingState();
                    }

                    var before = customer.Events.Where(e => e.Timestamp < cutoff).ToList();
                    atCutoff[i] = before.Count > 0 ? CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before) : null;
                });
                var writes = new List<Task>(chunk.Length);
                foreach (var document in atT)
                {
                    writes.Add(current.WriteAsync(document, null, cancellationToken));
                }

                foreach (var document in atCutoff)
                {
                    if (document is not null)
                    {
                        await previous.Documents.WriteAsync(document, cancellationToken);
                    }
                }

                await Task.WhenAll(writes);
            }

            await producer;
            previous.Documents.Complete();
        }
        catch (Exception e)
        {
            previous.Documents.TryComplete(e);
            throw;
        }
        finally
        {
            await snapshot.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await snapshot;
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

    /// <summary>The 1-minute load average on Linux: figures measured on a busy machine say so.</summary>
    private static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }
}
