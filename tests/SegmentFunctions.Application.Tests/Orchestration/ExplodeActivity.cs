using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Fails permanently with its input as the message.</summary>
public sealed class ExplodeActivity(SideEffectLog log) : IActivity<string, int>
{
    public Task<int> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken)
    {
        log.Record(context.Sequence);
        throw new InvalidOperationException(input);
    }
}
