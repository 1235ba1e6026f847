using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Storage.Tests.Retraining;

/// <summary>
/// The retraining contract against Azurite (blobs, conditional writes, leases) and the embedded SQLite feature store.
/// A dead worker's lease expires in real time (15 s), so the crash test dies after three representative activities:
/// the snapshot, a fit of the fan-out, and the batch scoring.
/// </summary>
[Collection(Emulators.Collection)]
public sealed class AzureBlobRetrainTests(Emulators emulators) : RetrainContract
{
    protected override IBlobStore Blobs { get; } = new AzureBlobStore(emulators.CreateBlobServiceClient());

    protected override TimeProvider Clock => TimeProvider.System;

    protected override IReadOnlyList<int> CrashPoints { get; } = [1, 5, 11];

    protected override Task LetLeaseExpireAsync() => Task.Delay(TimeSpan.FromSeconds(16));
}
