using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.EventHubs;

public sealed class LocalFolderCheckpointStoreTests : CheckpointStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly LocalFolderBlobStore _store;

    public LocalFolderCheckpointStoreTests()
    {
        _store = new LocalFolderBlobStore(_directory.Path, _clock);
    }

    protected override IBlobStore Blobs => _store;

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    public void Dispose() => _directory.Dispose();
}
