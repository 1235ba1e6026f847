using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Storage.Tests.Retraining;

/// <summary>The retraining contract against Azurite (blobs, conditional writes) and the embedded SQLite feature store.</summary>
[Collection(Emulators.Collection)]
public sealed class AzureBlobRetrainTests(Emulators emulators) : RetrainContract
{
    protected override IBlobStore Blobs { get; } = new AzureBlobStore(emulators.CreateBlobServiceClient());

    protected override TimeProvider Clock => TimeProvider.System;
}
