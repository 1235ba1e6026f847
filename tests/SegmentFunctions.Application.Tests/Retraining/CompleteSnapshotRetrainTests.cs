using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>
/// A run whose snapshot is complete before it starts (written by an earlier attempt under the same run id) has no
/// counts from the shards' writers: its readiness check reads the snapshot, and the run decides as the one that wrote
/// the snapshot and counted it as it went.
/// </summary>
public sealed class CompleteSnapshotRetrainTests : IDisposable
{
    private static readonly long[] NoSizes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-complete-snapshot-").FullName;
    private readonly ManualClock _clock = new(RetrainShop.T2.AddDays(1));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));

    [Fact]
    public async Task A_run_whose_snapshot_was_complete_already_decides_as_the_run_that_wrote_it()
    {
        using var features = new SqliteFeatureStore(Path.Combine(_directory, "features.db"));
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T1))
        {
            Assert.True((await features.WriteAsync(document, null, _timeout.Token)).Succeeded);
        }

        var blobs = new InMemoryBlobStore(_clock);
        var runId = RetrainRunIds.New(_clock.GetUtcNow());
        var first = RetrainContainers.Unique();
        var writing = await RunAsync(blobs, features, first, runId);
        // The same run id over the same snapshots container, everything else new: the snapshot is found complete.
        var reading = await RunAsync(blobs, features, RetrainContainers.Unique() with { Snapshots = first.Snapshots }, runId);

        Assert.Equal(RetrainOutcome.Published, writing.Outcome);
        Assert.Equal(writing.SnapshotId, reading.SnapshotId);
        Assert.Equal(writing.Outcome, reading.Outcome);
        Assert.Equal(writing.Reason, reading.Reason);
        Assert.Equal(writing.Metrics with { SegmentSizes = NoSizes }, reading.Metrics with { SegmentSizes = NoSizes });
        Assert.Equal(writing.Metrics.SegmentSizes, reading.Metrics.SegmentSizes);
        Assert.Equal(writing.BatchScore!.Scored, reading.BatchScore!.Scored);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A cold-start run as of T1 under <paramref name="runId"/>, its snapshot in three key ranges.</summary>
    private async Task<RetrainResult> RunAsync(InMemoryBlobStore blobs, SqliteFeatureStore features, RetrainContainers containers, string runId)
    {
        var settings = new Dictionary<string, string?> { ["Snapshots:Shards"] = "3" };
        await using var host = new RetrainHost(blobs, features, _clock, containers, settings);
        await host.Durable.StartAsync(_timeout.Token);
        await host.Durable.Client.ScheduleNewOrchestrationInstanceAsync(
            RetrainOrchestration.Name, new RetrainRequest("test", RetrainShop.T1), new StartOrchestrationOptions(InstanceId: runId), _timeout.Token);
        return RetrainHost.Result(await host.WaitAsync(runId, _timeout.Token));
    }
}
