using System.Text;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Storage;

/// <summary>The in-memory store stands in for Blob Storage in the engine tests, so it must keep the same rules.</summary>
public sealed class InMemoryBlobStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ManualClock _clock = new(ManualClock.Epoch);
    private readonly InMemoryBlobStore _store;

    public InMemoryBlobStoreTests()
    {
        _store = new InMemoryBlobStore(_clock);
    }

    [Fact]
    public async Task Conditions_refuse_a_second_create_and_a_stale_etag()
    {
        var first = await _store.WriteAsync("runs/a", Text("1"), BlobCondition.IfNotExists, None);
        var second = await _store.WriteAsync("runs/a", Text("2"), BlobCondition.IfMatch(first), None);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.WriteAsync("runs/a", Text("3"), BlobCondition.IfNotExists, None));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.WriteAsync("runs/a", Text("4"), BlobCondition.IfMatch(first), None));
        await using var read = await _store.OpenReadAsync("runs/a", None);
        Assert.Equal(second, read!.ETag);
        Assert.Equal("2", await new StreamReader(read.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task A_lease_is_exclusive_until_it_expires_and_then_lost_to_the_next_holder()
    {
        var duration = TimeSpan.FromSeconds(15);
        var first = await _store.TryAcquireLeaseAsync("runs/x.lock", duration, None);
        var blocked = await _store.TryAcquireLeaseAsync("runs/x.lock", duration, None);
        _clock.Advance(duration + TimeSpan.FromSeconds(1));
        var second = await _store.TryAcquireLeaseAsync("runs/x.lock", duration, None);

        Assert.NotNull(first);
        Assert.Null(blocked);
        Assert.NotNull(second);
        await Assert.ThrowsAsync<LeaseLostException>(() => first.RenewAsync(None));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.WriteAsync("runs/x.lock", Text(""), BlobCondition.None, None));
    }

    [Fact]
    public async Task Listing_is_ordinal_and_limited_to_the_prefix()
    {
        foreach (var path in new[] { "runs/b/status.json", "runs/a/history/000002.json", "runs/a/history/000001.json", "models/a" })
        {
            await _store.WriteAsync(path, Text("{}"), BlobCondition.None, None);
        }

        var listed = new List<string>();
        await foreach (var blob in _store.ListAsync("runs/a/", None))
        {
            listed.Add(blob.Path);
        }

        Assert.Equal(["runs/a/history/000001.json", "runs/a/history/000002.json"], listed);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));
}
