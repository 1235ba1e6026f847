using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The full retrain at shop scale: 10M synthetic customers by default (--customers N, 10k with --quick), their
/// snapshots at T and at T - H written directly in <c>Snapshots:Shards</c> shards (--shards N) without ingestion or a
/// feature store (<see cref="ScaleSnapshots"/>, cached between runs, --fresh to generate them again; generation is
/// reported, untimed), then the retrain (<see cref="RetrainMeasurement"/>) started under a run id chosen beforehand,
/// so that the snapshot at T carries the id the run's snapshot step looks for and is taken as complete: the run reads
/// the shards, finds the snapshot at T - H for the churn labels, fits, evaluates, publishes and batch scores. Models,
/// scores and run records go to a temporary store of the run's own; the cached snapshots are only read.
/// Goal on 2 cores: 10M customers in ≤ 15 minutes and ≤ 4 GB peak working set.
/// </summary>
internal sealed class ScaleBench(string cacheRoot) : IBenchmark
{
    private const int HorizonDays = 90;

    public ScaleBench()
        : this(ScaleSnapshots.DefaultRoot)
    {
    }

    public string Name => "scale";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken) =>
        Figures(await MeasureAsync(settings, cancellationToken));

    public async Task<ScaleMeasurement> MeasureAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var snapshotOptions = new SnapshotOptions();
        var shards = settings.Shards ?? snapshotOptions.Shards;
        var shop = new SyntheticShopOptions
        {
            Customers = settings.Customers ?? (settings.Quick ? 10_000 : 10_000_000),
            Seed = settings.Seed,
            HoldoutDays = HorizonDays,
        };
        var asOf = shop.End;
        var cutoff = asOf.AddDays(-HorizonDays);
        var runId = RunId(ScaleSnapshots.Key(shop, shards), asOf);
        var snapshots = await ScaleSnapshots.PrepareAsync(
            cacheRoot,
            shop,
            shards,
            new SnapshotRequest(RetrainIds.Snapshot(runId, asOf), asOf, ScaleSnapshots.Source),
            new SnapshotRequest(string.Create(CultureInfo.InvariantCulture, $"s{cutoff.UtcDateTime:yyyyMMdd'-'HHmmss}-cutoff"), cutoff, ScaleSnapshots.Source),
            settings.Fresh,
            cancellationToken);

        var folder = Directory.CreateTempSubdirectory("segment-bench-scale-");
        try
        {
            var blobs = new ContainerRoutedBlobStore(snapshotOptions.Container, snapshots.Blobs, new LocalFolderBlobStore(folder.FullName));
            var configuration = new Dictionary<string, string?>
            {
                ["Retraining:ChurnHorizonDays"] = HorizonDays.ToString(CultureInfo.InvariantCulture),
                ["Retraining:Training:Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
                ["Snapshots:Shards"] = shards.ToString(CultureInfo.InvariantCulture),
            };
            var run = await RetrainMeasurement.RunAsync(
                blobs,
                new SyntheticFeatureStore(new SyntheticFeatureSynthesizer(shop), asOf),
                configuration,
                new RetrainRequest("bench", asOf, Force: true),
                runId,
                cancellationToken);
            if (run.Result.SnapshotId != snapshots.AtT.SnapshotId)
            {
                throw new InvalidOperationException(
                    $"The run took snapshot {run.Result.SnapshotId}, not the prepared {snapshots.AtT.SnapshotId}: its run id does not name the snapshot it looks for.");
            }

            return new ScaleMeasurement(shop.Customers, snapshots, run);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IReadOnlyList<BenchFigure> Figures(ScaleMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var snapshots = measurement.Snapshots;
        var run = measurement.Run;
        var name = string.Create(CultureInfo.InvariantCulture, $"{Name} n={measurement.Customers:N0}");
        var generation = snapshots.Cached ? $"cached in {snapshots.Folder}, time of the run that generated them" : $"written to {snapshots.Folder}";
        var figures = new List<BenchFigure>(run.ActivityFigures(name));
        figures.AddRange(run.RunFigures(name, timeGoal: "10M: <= 900 s on 2 cores", memoryGoal: "10M: <= 4096 MB"));
        figures.AddRange(
        [
            new(name, "customers in the snapshot at T (the run's own, complete already)", snapshots.AtT.RowCount, "customers", 1),
            new(name, "customers the run trained on", run.Result.Metrics.Customers, "customers", 1),
            new(name, "shards of the snapshot at T", FeatureSnapshotReader.ShardsOf(snapshots.AtT).Count, "shards", 1),
            new(name, "snapshot at T, Parquet", snapshots.AtT.ContentLength / (1024.0 * 1024.0), "MB", 1),
            new(name, "customers in the snapshot at T - H", snapshots.Cutoff.RowCount, "customers", 1),
            new(name, "snapshot at T - H found by the run for the churn labels", measurement.CutoffFound ? 1 : 0, "found", 1, Goal: "1"),
            new(name, $"generation of both snapshots (untimed setup; {generation})", snapshots.Generation.TotalSeconds, "s", 1),
        ]);
        return figures;
    }

    /// <summary>A run id (<see cref="Application.Retraining.Runs.RetrainRunIds"/> shape) fixed by the snapshots it finds.</summary>
    private static string RunId(string key, DateTimeOffset asOf) =>
        $"{asOf.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12]}";
}
