using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.DeadLetters;

/// <remarks>The sink writes to the fixed "deadletter" container of the shared Azurite account, so each test empties it
/// first (tests in the emulator collection run one at a time).</remarks>
[Collection(Emulators.Collection)]
public sealed class BlobDeadLetterSinkTests : DeadLetterArchiveContract
{
    private readonly BlobDeadLetterSink _sink;

    public BlobDeadLetterSinkTests(Emulators emulators)
    {
        var container = emulators.CreateBlobServiceClient().GetBlobContainerClient(BlobDeadLetterSink.Container);
        if (container.Exists())
        {
            foreach (var blob in container.GetBlobs())
            {
                container.DeleteBlob(blob.Name);
            }
        }

        _sink = new BlobDeadLetterSink(new AzureBlobStore(emulators.CreateBlobServiceClient()));
    }

    protected override IDeadLetterArchive Archive => _sink;
}
