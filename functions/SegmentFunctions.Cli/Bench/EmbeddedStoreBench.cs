using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// `segment ingest` into the embedded SQLite store: a synthetic shop's events in time order, featurized in batches over
/// partitions exactly as the demo does, into a fresh database each repetition; then one scan of all documents. The
/// baseline is the previous store (<see cref="PerOperationSqliteFeatureStore"/>) measured in the same run. The process's
/// CPU time per event is reported too: on a shared machine it moves far less with the load than the wall-clock rate;
/// it is also set beside the current store under the former de-duplication design (the 1,000 newest keys per
/// customer, whatever their age), measured in the same run. Two more, untimed ingests, under the dedupe horizon and
/// under the former window, count the bytes written per changed customer and the processing state's size per
/// customer (the median customer of the shop, and a heavy customer of 5,000 events in 30 days).
/// </summary>
internal sealed class EmbeddedStoreBench : IBenchmark
{
    private const string BaselineName = "previous store (connection, PRAGMAs and statement per operation)";
    private const string CountWindowName = "1,000-key window (former design)";

    public string Name => "embedded-store";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var shop = new SyntheticShopGenerator(new SyntheticShopOptions
        {
            Customers = settings.Quick ? 200 : 1_000,
            Months = settings.Quick ? 6 : 12,
            Seed = settings.Seed,
        });
        byte[] events;
        long count;
        using (var written = new MemoryStream())
        {
            count = await new EventJsonLinesWriter().WriteAsync(shop.EventsInTimeOrder(), written, cancellationToken);
            events = written.ToArray();
        }

        var repetitions = Math.Max(1, settings.Repetitions);

        var current = new Measurement[repetitions];
        var baseline = new Measurement[repetitions];
        var countWindow = new Measurement[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            current[r] = await MeasureAsync(path => new SqliteFeatureStore(path), new IngestionOptions(), events, count, cancellationToken);
            baseline[r] = await MeasureAsync(path => new PerOperationSqliteFeatureStore(path), new IngestionOptions(), events, count, cancellationToken);
            countWindow[r] = await MeasureAsync(path => new SqliteFeatureStore(path), DedupeStateSizes.CountWindowOptions, events, count, cancellationToken);
        }

        return
        [
            new(Name, "ingest (featurize into SQLite)", Median(current, m => m.EventsPerSecond), "events/s", repetitions,
                Median(baseline, m => m.EventsPerSecond), BaselineName),
            new(Name, "ingest CPU time (all threads)", Median(current, m => m.CpuMicrosecondsPerEvent), "µs/event", repetitions,
                Median(baseline, m => m.CpuMicrosecondsPerEvent), BaselineName),
            new(Name, "ingest CPU time (all threads), dedupe horizon vs key window", Median(current, m => m.CpuMicrosecondsPerEvent), "µs/event", repetitions,
                Median(countWindow, m => m.CpuMicrosecondsPerEvent), CountWindowName),
            new(Name, "read all documents", Median(current, m => m.DocumentsPerSecond), "documents/s", repetitions,
                Median(baseline, m => m.DocumentsPerSecond), BaselineName),
            new(Name, "events per repetition", count, "events", 1),
            .. await MeasureSizesAsync(events, cancellationToken),
        ];
    }

    private static async Task<Measurement> MeasureAsync<TStore>(
        Func<string, TStore> open, IngestionOptions options, byte[] events, long count, CancellationToken cancellationToken)
        where TStore : IFeatureStore, IDisposable
    {
        var directory = Directory.CreateTempSubdirectory("segment-bench-store-");
        try
        {
            using var store = open(Path.Combine(directory.FullName, "features.db"));
            using var suppressions = new SqliteSuppressionList(Path.Combine(directory.FullName, "suppressions.db"));
            var featurizer = new EventBatchFeaturizer(
                store, new FileDeadLetterSink(Path.Combine(directory.FullName, "deadletter")), suppressions, Options.Create(options),
                TimeProvider.System, NullLogger<EventBatchFeaturizer>.Instance);
            var now = DateTimeOffset.UtcNow;
            var settings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, now);
            var file = new MemoryStream(events, writable: false);

            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            var totals = await new EventFileIngestor(featurizer).IngestAsync(file, settings, progress: null, cancellationToken);
            var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            process.Refresh();
            var cpuMicroseconds = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
            if (totals.Sum.Applied != count)
            {
                throw new InvalidOperationException($"The benchmark applied {totals.Sum.Applied} of {count} events; the store lost writes.");
            }

            started = Stopwatch.GetTimestamp();
            var documents = 0;
            await foreach (var _ in store.ReadAllAsync(cancellationToken))
            {
                documents++;
            }

            return new Measurement(count / ingestSeconds, cpuMicroseconds / count, documents / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private async Task<IReadOnlyList<BenchFigure>> MeasureSizesAsync(byte[] events, CancellationToken cancellationToken)
    {
        var horizon = await MeasureStateAsync(new IngestionOptions(), events, cancellationToken);
        var window = await MeasureStateAsync(DedupeStateSizes.CountWindowOptions, events, cancellationToken);
        var heavy = DedupeStateSizes.Heavy(FeatureFoldSettings.Default);
        var heavyBefore = DedupeStateSizes.Heavy(DedupeStateSizes.CountWindow);
        return
        [
            new(Name, "bytes written per changed customer (document as stored)", horizon.BytesPerWrite, "bytes/write", 1,
                window.BytesPerWrite, CountWindowName),
            new(Name, "dedupe state, median customer", horizon.MedianState, "bytes", 1, window.MedianState, CountWindowName),
            new(Name, "dedupe state, heavy customer (5,000 events in 30 days)", heavy.State, "bytes", 1,
                heavyBefore.State, CountWindowName),
            new(Name, "whole document, heavy customer", heavy.Document, "bytes", 1,
                heavyBefore.Document, CountWindowName, "far below Cosmos DB's 2 MB item limit"),
        ];
    }

    /// <summary>One untimed ingest under <paramref name="options"/>: bytes per document write and the median customer's processing state.</summary>
    private static async Task<(double BytesPerWrite, double MedianState)> MeasureStateAsync(
        IngestionOptions options, byte[] events, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("segment-bench-sizes-");
        try
        {
            using var sqlite = new SqliteFeatureStore(Path.Combine(directory.FullName, "features.db"));
            using var suppressions = new SqliteSuppressionList(Path.Combine(directory.FullName, "suppressions.db"));
            var store = new WriteCountingFeatureStore(sqlite);
            var featurizer = new EventBatchFeaturizer(
                store, new FileDeadLetterSink(Path.Combine(directory.FullName, "deadletter")), suppressions, Options.Create(options),
                TimeProvider.System, NullLogger<EventBatchFeaturizer>.Instance);
            var settings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, DateTimeOffset.UtcNow);
            await new EventFileIngestor(featurizer).IngestAsync(new MemoryStream(events, writable: false), settings, progress: null, cancellationToken);

            var states = new List<double>();
            await foreach (var document in sqlite.ReadAllAsync(cancellationToken))
            {
                states.Add(DedupeStateSizes.Measure(document).State);
            }

            return ((double)store.Bytes / Math.Max(1, store.Writes), MedianOf(states));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static double Median(Measurement[] measurements, Func<Measurement, double> figure) => MedianOf(measurements.Select(figure));

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private readonly record struct Measurement(double EventsPerSecond, double CpuMicrosecondsPerEvent, double DocumentsPerSecond);
}
