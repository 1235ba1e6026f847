namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// A workflow as deterministic code, as in Durable Task: it is re-executed from the start on every resume, so it must
/// take time, randomness and I/O only through <see cref="IOrchestrationContext"/> and activities.
/// </summary>
public interface IOrchestrator<in TInput, TOutput>
{
    Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);
}
