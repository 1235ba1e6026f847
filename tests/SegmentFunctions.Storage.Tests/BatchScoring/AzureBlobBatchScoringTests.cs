using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.BatchScoring;

[Collection(Emulators.Collection)]
public sealed class AzureBlobBatchScoringTests(Emulators emulators) : BatchScoringContract
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(emulators.CreateBlobServiceClient());
}
