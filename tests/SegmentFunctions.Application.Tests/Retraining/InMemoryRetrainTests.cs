using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>The retraining contract on the in-memory blob store with a manual clock (the runs' records are dated by it).</summary>
public sealed class InMemoryRetrainTests : RetrainContract
{
    private readonly ManualClock _clock = new(RetrainShop.T2.AddDays(1));

    public InMemoryRetrainTests() => Blobs = new InMemoryBlobStore(_clock);

    protected override IBlobStore Blobs { get; }

    protected override TimeProvider Clock => _clock;
}
