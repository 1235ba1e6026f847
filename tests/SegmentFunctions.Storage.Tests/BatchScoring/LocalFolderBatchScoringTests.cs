using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.BatchScoring;

public sealed class LocalFolderBatchScoringTests : BatchScoringContract
{
    public LocalFolderBatchScoringTests()
    {
        Store = new LocalFolderBlobStore(Path.Combine(ScratchPath, "blobs"));
    }

    protected override IBlobStore Store { get; }
}
