using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed class InMemoryOrchestrationEngineTests : OrchestrationEngineTests
{
    protected override IBlobStore CreateStore(TimeProvider clock) => new InMemoryBlobStore(clock);
}
