using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Snapshots;

[Collection(Emulators.Collection)]
public sealed class AzureBlobSnapshotTests(Emulators emulators) : SnapshotContract
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(emulators.CreateBlobServiceClient());
}
