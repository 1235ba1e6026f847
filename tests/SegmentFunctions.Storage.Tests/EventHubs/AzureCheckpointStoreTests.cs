using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>The checkpoint store on Azurite: Azure Blob Storage's ETags and last-modified times.</summary>
[Collection(Emulators.Collection)]
public sealed class AzureCheckpointStoreTests(Emulators emulators) : CheckpointStoreContract
{
    private readonly AzureBlobStore _store = new(emulators.CreateBlobServiceClient());

    protected override IBlobStore Blobs => _store;

    /// <summary>Blob last-modified times have one-second resolution: a second passes so a later write is visibly later.</summary>
    protected override Task PassAsync(TimeSpan duration) => Task.Delay(TimeSpan.FromSeconds(1.1));
}
