using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Blobs;

public sealed class LocalFolderBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly LocalFolderBlobStore _store;

    public LocalFolderBlobStoreTests()
    {
        _store = new LocalFolderBlobStore(_directory.Path, _clock);
    }

    protected override IBlobStore Store => _store;

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    /// <summary>Two store instances stand for two processes sharing the folder: their conditions still exclude each other.</summary>
    [Fact]
    public async Task Two_store_instances_on_one_folder_exclude_each_other()
    {
        var other = new LocalFolderBlobStore(_directory.Path, _clock);
        var path = $"{Container}/runs/claim";

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? _store : other;
            try
            {
                await store.WriteAsync(path, new MemoryStream([(byte)i]), BlobCondition.IfNotExists, CancellationToken.None);
                return true;
            }
            catch (BlobConditionFailedException)
            {
                return false;
            }
        })));

        Assert.Equal(1, results.Count(won => won));
        await using var lease = await _store.TryAcquireLeaseAsync(path, TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.Null(await other.TryAcquireLeaseAsync(path, TimeSpan.FromSeconds(15), CancellationToken.None));
    }

    [Theory]
    [InlineData("models/../../etc/passwd")]
    [InlineData("Models/a")]
    [InlineData("models")]
    [InlineData("models/a//b")]
    public async Task Paths_outside_the_naming_rules_are_rejected(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(path, CancellationToken.None));
    }

    public void Dispose() => _directory.Dispose();
}
