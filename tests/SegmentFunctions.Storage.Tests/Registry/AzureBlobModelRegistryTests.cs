using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Registry;

[Collection(Emulators.Collection)]
public sealed class AzureBlobModelRegistryTests(Emulators emulators) : ModelRegistryContract
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(emulators.CreateBlobServiceClient());
}
