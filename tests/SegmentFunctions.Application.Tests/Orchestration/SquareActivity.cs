using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed class SquareActivity(SideEffectLog log) : IActivity<int, int>
{
    public async Task<int> RunAsync(int input, ActivityContext context, CancellationToken cancellationToken)
    {
        // Fan-out calls complete out of call order, so replay cannot rely on completion order.
        await Task.Delay(TimeSpan.FromMilliseconds(input % 3), cancellationToken);
        log.Record(context.Sequence);
        return input * input;
    }
}
