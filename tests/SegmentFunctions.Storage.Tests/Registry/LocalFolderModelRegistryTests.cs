using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Registry;

public sealed class LocalFolderModelRegistryTests : ModelRegistryContract
{
    public LocalFolderModelRegistryTests()
    {
        Store = new LocalFolderBlobStore(Path.Combine(ScratchPath, "blobs"));
    }

    protected override IBlobStore Store { get; }
}
