using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed class SumActivity(SideEffectLog log) : IActivity<int[], int>
{
    public Task<int> RunAsync(int[] input, ActivityContext context, CancellationToken cancellationToken)
    {
        log.Record(context.Sequence);
        return Task.FromResult(input.Sum());
    }
}
