namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// One unit of work of an orchestration, resolved from DI in its own scope. It may be executed again if the process
/// dies before its result is journaled, so its side effects must be idempotent (overwrite, not append).
/// </summary>
public interface IActivity<in TInput, TResult>
{
    Task<TResult> RunAsync(TInput input, ActivityContext context, CancellationToken cancellationToken);
}
