using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Returns <c>input</c> characters, larger than the journal's inline limit when input exceeds 256 K.</summary>
public sealed class BigActivity(SideEffectLog log) : IActivity<int, string>
{
    public Task<string> RunAsync(int input, ActivityContext context, CancellationToken cancellationToken)
    {
        log.Record(context.Sequence);
        return Task.FromResult(string.Create(input, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        }));
    }
}
