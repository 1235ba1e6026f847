using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Blobs;

/// <remarks>Azure leases last at least 15 s, so the two lease-expiry tests wait in real time (about 33 s together).</remarks>
[Collection(Emulators.Collection)]
public sealed class AzureBlobStoreTests(Emulators emulators) : BlobStoreContract
{
    private readonly AzureBlobStore _store = new(emulators.CreateBlobServiceClient());

    protected override IBlobStore Store => _store;

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);
}
