using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Fails transiently (IOException) on its first <c>input</c> attempts, then succeeds.</summary>
public sealed class FlakyActivity(SideEffectLog log) : IActivity<int, string>
{
    public Task<string> RunAsync(int input, ActivityContext context, CancellationToken cancellationToken)
    {
        log.Record(context.Sequence);
        return context.Attempt <= input
            ? throw new IOException($"Share unavailable (attempt {context.Attempt}).")
            : Task.FromResult($"ok at attempt {context.Attempt}");
    }
}
