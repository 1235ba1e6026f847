using System.Text;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Tests.Blobs;

/// <summary>The behaviour every <see cref="IBlobStore"/> must have, run against each implementation.</summary>
public abstract class BlobStoreContract
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    protected abstract IBlobStore Store { get; }

    /// <summary>Lets <paramref name="duration"/> pass for leases: a manual clock locally, real waiting in Azure.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    private CancellationToken Ct => _timeout.Token;

    /// <summary>A container of its own per test, so tests never see each other's blobs.</summary>
    protected string Container { get; } = "t" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task Written_blob_reads_back_with_the_etag_of_its_properties()
    {
        var path = $"{Container}/models/v1/model.json";
        var etag = await Store.WriteAsync(path, Text("hello"), BlobCondition.None, Ct);

        await using var download = await Store.OpenReadAsync(path, Ct);
        var properties = await Store.GetPropertiesAsync(path, Ct);

        Assert.NotNull(download);
        Assert.Equal("hello", await new StreamReader(download.Content).ReadToEndAsync(Ct));
        Assert.Equal(etag, download.ETag);
        Assert.Equal(etag, properties!.ETag);
        Assert.Equal(5, properties.Length);
        Assert.Equal(path, properties.Path);
    }

    [Fact]
    public async Task Missing_blob_reads_as_null()
    {
        Assert.Null(await Store.OpenReadAsync($"{Container}/nothing", Ct));
        Assert.Null(await Store.GetPropertiesAsync($"{Container}/nothing", Ct));
    }

    [Fact]
    public async Task Overwrite_replaces_content_and_changes_the_etag()
    {
        var path = $"{Container}/runs/latest.json";
        var first = await Store.WriteAsync(path, Text("one"), BlobCondition.None, Ct);
        var second = await Store.WriteAsync(path, Text("two!"), BlobCondition.None, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal("two!", await ReadTextAsync(path));
    }

    [Fact]
    public async Task List_returns_blobs_under_the_prefix_in_ordinal_order()
    {
        foreach (var name in new[] { "snap/b/2.parquet", "snap/a/1.parquet", "snap/a/0.parquet", "other/x", "snapshot.txt" })
        {
            await Store.WriteAsync($"{Container}/{name}", Text(name), BlobCondition.None, Ct);
        }

        var underSnap = await ListAsync($"{Container}/snap/");
        var all = await ListAsync(Container);

        Assert.Equal([$"{Container}/snap/a/0.parquet", $"{Container}/snap/a/1.parquet", $"{Container}/snap/b/2.parquet"], underSnap.Select(b => b.Path));
        Assert.Equal(5, all.Count);
        Assert.Equal(all.Select(b => b.Path).Order(StringComparer.Ordinal), all.Select(b => b.Path));
        Assert.Empty(await ListAsync("nosuchcontainer" + Guid.NewGuid().ToString("N")[..8]));
    }

    [Fact]
    public async Task Delete_removes_the_blob_once()
    {
        var path = $"{Container}/scores/s.csv";
        await Store.WriteAsync(path, Text("x"), BlobCondition.None, Ct);

        Assert.True(await Store.DeleteAsync(path, Ct));
        Assert.Null(await Store.OpenReadAsync(path, Ct));
        Assert.False(await Store.DeleteAsync(path, Ct));
    }

    [Fact]
    public async Task IfNotExists_writes_once_and_then_fails_without_writing()
    {
        var path = $"{Container}/runs/r1/claim";
        await Store.WriteAsync(path, Text("first"), BlobCondition.IfNotExists, Ct);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.WriteAsync(path, Text("second"), BlobCondition.IfNotExists, Ct));
        Assert.Equal("first", await ReadTextAsync(path));
    }

    [Fact]
    public async Task IfMatch_writes_with_the_current_etag_and_fails_with_a_stale_one()
    {
        var path = $"{Container}/models/current";
        var v1 = await Store.WriteAsync(path, Text("v1"), BlobCondition.None, Ct);
        var v2 = await Store.WriteAsync(path, Text("v2"), BlobCondition.IfMatch(v1), Ct);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.WriteAsync(path, Text("v3"), BlobCondition.IfMatch(v1), Ct));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.WriteAsync($"{Container}/models/absent", Text("x"), BlobCondition.IfMatch(v1), Ct));
        Assert.Equal("v2", await ReadTextAsync(path));
        Assert.Equal(v2, (await Store.GetPropertiesAsync(path, Ct))!.ETag);
    }

    [Fact]
    public async Task Concurrent_conditional_writes_have_exactly_one_winner()
    {
        var pointer = $"{Container}/models/pointer";
        var etag = await Store.WriteAsync(pointer, Text("v0"), BlobCondition.None, Ct);
        var claim = $"{Container}/runs/claim";

        var swaps = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Succeeds(() => Store.WriteAsync(pointer, Text($"v{i + 1}"), BlobCondition.IfMatch(etag), Ct))));
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Succeeds(() => Store.WriteAsync(claim, Text($"c{i}"), BlobCondition.IfNotExists, Ct))));

        Assert.Equal(1, swaps.Count(won => won));
        Assert.Equal(1, claims.Count(won => won));
    }

    [Fact]
    public async Task A_lease_is_exclusive_until_released()
    {
        var path = $"{Container}/locks/retrain";
        var first = await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct);

        Assert.NotNull(first);
        Assert.Null(await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct));
        Assert.NotNull(await Store.GetPropertiesAsync(path, Ct));

        await first.ReleaseAsync(Ct);
        await using var second = await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct);
        Assert.NotNull(second);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
    }

    [Fact]
    public async Task Concurrent_acquirers_get_one_lease()
    {
        var path = $"{Container}/locks/once";

        var leases = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct))));

        Assert.Single(leases, lease => lease is not null);
    }

    [Fact]
    public async Task A_renewed_lease_outlives_its_first_term()
    {
        var path = $"{Container}/locks/renewed";
        await using var lease = await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct);

        await PassAsync(TimeSpan.FromSeconds(10));
        await lease!.RenewAsync(Ct);
        await PassAsync(TimeSpan.FromSeconds(7));

        Assert.Null(await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct));
    }

    [Fact]
    public async Task An_expired_lease_can_be_taken_and_its_old_holder_loses_it()
    {
        var path = $"{Container}/locks/expired";
        var stale = await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct);

        await PassAsync(LeaseDuration + TimeSpan.FromSeconds(1.5));
        await using var taken = await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct);

        Assert.NotNull(taken);
        await Assert.ThrowsAsync<LeaseLostException>(() => stale!.RenewAsync(Ct));
        await stale!.ReleaseAsync(Ct);
        Assert.Null(await Store.TryAcquireLeaseAsync(path, LeaseDuration, Ct));
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<bool> Succeeds(Func<Task> write)
    {
        try
        {
            await Task.Run(write);
            return true;
        }
        catch (BlobConditionFailedException)
        {
            return false;
        }
    }

    private async Task<string> ReadTextAsync(string path)
    {
        await using var download = await Store.OpenReadAsync(path, Ct);
        return await new StreamReader(download!.Content).ReadToEndAsync(Ct);
    }

    private async Task<List<BlobProperties>> ListAsync(string prefix)
    {
        var blobs = new List<BlobProperties>();
        await foreach (var blob in Store.ListAsync(prefix, Ct))
        {
            blobs.Add(blob);
        }

        return blobs;
    }
}
