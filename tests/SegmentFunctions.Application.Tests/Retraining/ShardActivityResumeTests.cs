using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>
/// A per-shard fit activity that fails part-way on the local Durable Task worker: the run resumes with that shard's
/// activity alone, the other shards' activities are not executed again, and the run ends as an uninterrupted one.
/// </summary>
public sealed class ShardActivityResumeTests : IDisposable
{
    private const int Shards = 4;
    private const int FailingShard = 2;
    private static readonly long[] NoSizes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-shard-resume-").FullName;
    private readonly ManualClock _clock = new(RetrainShop.T2.AddDays(1));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));

    [Fact]
    public async Task A_shard_activity_that_fails_once_is_run_again_alone_and_the_run_ends_as_an_uninterrupted_one()
    {
        var uninterrupted = await RetrainAsync("plain", blobs => blobs);
        var counters = new FailingWritesBlobStore?[Shards];
        var interrupted = await RetrainAsync("interrupted", blobs =>
        {
            IBlobStore store = blobs;
            for (var shard = 0; shard < Shards; shard++)
            {
                var part = $"/parts/shards/{shard:D5}/lifetime.bin";
                counters[shard] = new FailingWritesBlobStore(
                    store, path => path.EndsWith(part, StringComparison.Ordinal), () => new StoreUnavailableException("the instance running the shard stopped"),
                    times: shard == FailingShard ? 1 : 0);
                store = counters[shard]!;
            }

            return store;
        });

        Assert.Equal([1, 1, 2, 1], counters.Select(c => c!.Attempts));
        Assert.Equal(RetrainOutcome.Published, interrupted.Outcome);
        Assert.Equal(uninterrupted.Metrics with { SegmentSizes = NoSizes }, interrupted.Metrics with { SegmentSizes = NoSizes });
        Assert.Equal(uninterrupted.Metrics.SegmentSizes, interrupted.Metrics.SegmentSizes);
        Assert.Equal(uninterrupted.BatchScore!.Scored, interrupted.BatchScore!.Scored);
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

    /// <summary>A cold-start run as of T1 over a store of its own, its snapshot in <see cref="Shards"/> key ranges.</summary>
    private async Task<RetrainResult> RetrainAsync(string name, Func<IBlobStore, IBlobStore> wrap)
    {
        using var features = new SqliteFeatureStore(Path.Combine(_directory, $"{name}.db"));
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T1))
        {
            Assert.True((await features.WriteAsync(document, null, _timeout.Token)).Succeeded);
        }

        var settings = new Dictionary<string, string?> { ["Snapshots:Shards"] = Shards.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var host = new RetrainHost(wrap(new InMemoryBlobStore(_clock)), features, _clock, RetrainContainers.Unique(), settings);
        return RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), _timeout.Token));
    }
}
