using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed class GateActivity(Gate gate, SideEffectLog log) : IActivity<string, string>
{
    public async Task<string> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken)
    {
        log.Record(context.Sequence);
        await gate.PassAsync(cancellationToken);
        return input;
    }
}
