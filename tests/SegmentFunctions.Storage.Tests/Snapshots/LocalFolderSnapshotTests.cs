using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Snapshots;

public sealed class LocalFolderSnapshotTests : SnapshotContract
{
    public LocalFolderSnapshotTests()
    {
        Store = new LocalFolderBlobStore(Path.Combine(ScratchPath, "blobs"));
    }

    protected override IBlobStore Store { get; }
}
