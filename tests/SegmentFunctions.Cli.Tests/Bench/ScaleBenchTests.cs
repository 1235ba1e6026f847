using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Cli.Bench;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Tests.Bench;

/// <summary>
/// `segment bench --only scale` at a tiny size, end to end in process: synthetic snapshots written in shards, the
/// retrain on the local Durable Task worker taking the snapshot at T as its own and the one at T - H for the labels.
/// </summary>
public sealed class ScaleBenchTests : IDisposable
{
    private const int Customers = 2_000;
    private const int Shards = 2;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("segment-scale-");

    [Fact]
    public async Task A_tiny_scale_run_retrains_on_the_prepared_shards_and_reports_its_figures()
    {
        var bench = new ScaleBench(_cache.FullName);

        var measurement = await bench.MeasureAsync(new BenchSettings(Quick: true, Repetitions: 1, Seed: 7, Customers: Customers, Shards: Shards), None);

        var result = measurement.Run.Result;
        Assert.Contains(result.Outcome, new[] { RetrainOutcome.Published, RetrainOutcome.KeptChampion });
        Assert.Equal(Customers, measurement.Snapshots.AtT.RowCount);
        Assert.Equal(Customers, result.Metrics.Customers);
        Assert.Equal(Shards, FeatureSnapshotReader.ShardsOf(measurement.Snapshots.AtT).Count);
        Assert.Equal(Shards, FeatureSnapshotReader.ShardsOf(measurement.Snapshots.Cutoff).Count);
        Assert.Equal(measurement.Snapshots.AtT.SnapshotId, result.SnapshotId);
        Assert.True(measurement.CutoffFound, $"cut-off snapshot {result.CutoffSnapshotId}, prepared {measurement.Snapshots.Cutoff.SnapshotId}");
        Assert.InRange(measurement.Snapshots.Cutoff.RowCount, 1, Customers);
        Assert.True(result.Metrics.ChurnClassifierTrained, result.Metrics.ChurnNotTrainedReason);
        if (result.Outcome == RetrainOutcome.Published)
        {
            Assert.Equal(Customers, result.BatchScore?.Scored);
        }

        Assert.False(measurement.Snapshots.Cached);
        Assert.True(measurement.Snapshots.Generation > TimeSpan.Zero);
        Assert.NotEmpty(measurement.Run.Activities);
        Assert.All(measurement.Run.Activities, a => Assert.True(a.CompletedTime >= a.StartedTime, a.Name));
        Assert.InRange(measurement.Run.Activities.Min(a => a.StartedTime), DateTimeOffset.UtcNow - measurement.Run.Elapsed - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow);

        var figures = bench.Figures(measurement);
        Assert.Equal(measurement.Run.Activities.Count, figures.Count(f => f.Unit == "s" && f.Metric.Contains("process working set peak while it ran", StringComparison.Ordinal)));
        // The fan-outs and the fits run activities together, and the figures of those say whose peak it is.
        Assert.Contains(figures, f => f.Metric.Contains(", shared with ", StringComparison.Ordinal));
        var total = Assert.Single(figures, f => f.Goal == "10M: <= 900 s on 2 cores");
        Assert.Equal(measurement.Run.Elapsed.TotalSeconds, total.Median);
        Assert.True(total.Median >= measurement.Run.Activities.Max(a => (a.CompletedTime - a.StartedTime).TotalSeconds));
        var peak = Assert.Single(figures, f => f.Goal == "10M: <= 4096 MB");
        Assert.True(peak.Median > 0);
        Assert.Equal(Customers, Assert.Single(figures, f => f.Metric == "customers the run trained on").Median);
        Assert.Equal(1, Assert.Single(figures, f => f.Unit == "found").Median);
    }

    [Fact]
    public async Task The_snapshots_are_generated_once_and_taken_from_the_cache_until_fresh_is_asked()
    {
        var (shop, atT, cutoff) = Shop(Customers);

        var generated = await ScaleSnapshots.PrepareAsync(_cache.FullName, shop, Shards, atT, cutoff, fresh: false, None);
        var cached = await ScaleSnapshots.PrepareAsync(_cache.FullName, shop, Shards, atT, cutoff, fresh: false, None);
        var fresh = await ScaleSnapshots.PrepareAsync(_cache.FullName, shop, Shards, atT, cutoff, fresh: true, None);

        Assert.False(generated.Cached);
        // With the training rows of the retraining's unit, which its steps read in place of the documents.
        var rows = SnapshotRows.Current(new RetrainingOptions().EffectiveTraining().TimeUnit);
        Assert.Equal(rows, generated.AtT.Rows);
        Assert.Equal(rows, generated.Cutoff.Rows);
        Assert.True(cached.Cached);
        Assert.Equal(generated.AtT, cached.AtT);
        Assert.Equal(generated.Cutoff, cached.Cutoff);
        Assert.Equal(generated.Generation.TotalSeconds, cached.Generation.TotalSeconds, 6);
        Assert.False(fresh.Cached);
        Assert.NotEqual(generated.AtT.CreatedAt, fresh.AtT.CreatedAt);
        Assert.Equal(generated.AtT.ContentSha256, fresh.AtT.ContentSha256);
        Assert.Equal(generated.Cutoff.ContentSha256, fresh.Cutoff.ContentSha256);
    }

    [Fact]
    public async Task A_cache_folder_cut_short_is_generated_again()
    {
        var (shop, atT, cutoff) = Shop(300);
        var generated = await ScaleSnapshots.PrepareAsync(_cache.FullName, shop, Shards, atT, cutoff, fresh: false, None);
        File.Delete(Path.Combine(generated.Folder, "blobs", "snapshots", "s-cutoff", "manifest.json"));

        var again = await ScaleSnapshots.PrepareAsync(_cache.FullName, shop, Shards, atT, cutoff, fresh: false, None);

        Assert.False(again.Cached);
        Assert.Equal(generated.Cutoff.ContentSha256, again.Cutoff.ContentSha256);
    }

    public void Dispose() => _cache.Delete(recursive: true);

    private static (SyntheticShopOptions Shop, SnapshotRequest AtT, SnapshotRequest Cutoff) Shop(int customers)
    {
        var shop = new SyntheticShopOptions { Customers = customers, Seed = 7, HoldoutDays = 90 };
        return (shop, new SnapshotRequest("s-at-t", shop.End, ScaleSnapshots.Source), new SnapshotRequest("s-cutoff", shop.End.AddDays(-90), ScaleSnapshots.Source));
    }
}
