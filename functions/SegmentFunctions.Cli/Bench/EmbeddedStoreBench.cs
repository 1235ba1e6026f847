using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// `segment ingest` into the embedded SQLite store: a synthetic shop's events in time order, featurized in batches over
/// partitions exactly as the demo does, into a fresh database each repetition; then one scan of all documents. The
/// baseline is the previous store (<see cref="PerOperationSqliteFeatureStore"/>) measured in the same run.
/// </summary>
internal sealed class EmbeddedStoreBench : IBenchmark
{
    private const string BaselineName = "previous store (connection, PRAGMAs and statement per operation)";

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

        var ingest = new double[repetitions];
        var scan = new double[repetitions];
        var baselineIngest = new double[repetitions];
        var baselineScan = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            (ingest[r], scan[r]) = await MeasureAsync(path => new SqliteFeatureStore(path), events, count, cancellationToken);
            (baselineIngest[r], baselineScan[r]) = await MeasureAsync(path => new PerOperationSqliteFeatureStore(path), events, count, cancellationToken);
        }

        return
        [
            new(Name, "ingest (featurize into SQLite)", Median(ingest), "events/s", repetitions, Median(baselineIngest), BaselineName),
            new(Name, "read all documents", Median(scan), "documents/s", repetitions, Median(baselineScan), BaselineName),
            new(Name, "events per repetition", count, "events", 1),
        ];
    }

    private static async Task<(double EventsPerSecond, double DocumentsPerSecond)> MeasureAsync<TStore>(
        Func<string, TStore> open, byte[] events, long count, CancellationToken cancellationToken)
        where TStore : IFeatureStore, IDisposable
    {
        var directory = Directory.CreateTempSubdirectory("segment-bench-store-");
        try
        {
            using var store = open(Path.Combine(directory.FullName, "features.db"));
            var featurizer = new EventBatchFeaturizer(
                store, new FileDeadLetterSink(Path.Combine(directory.FullName, "deadletter")), Options.Create(new IngestionOptions()),
                TimeProvider.System, NullLogger<EventBatchFeaturizer>.Instance);
            var now = DateTimeOffset.UtcNow;
            var settings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, IngestSettings.SequenceStartAt(now), now);
            var file = new MemoryStream(events, writable: false);

            var started = Stopwatch.GetTimestamp();
            var totals = await new EventFileIngestor(featurizer).IngestAsync(file, settings, progress: null, cancellationToken);
            var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
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

            return (count / ingestSeconds, documents / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
