namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// What an orchestrator may use (Durable's TaskOrchestrationContext subset). Calls are numbered in the order they are
/// made, so fan-out with <c>Task.WhenAll</c> is deterministic as long as the calls are made from one flow of code.
/// </summary>
public interface IOrchestrationContext
{
    string InstanceId { get; }

    /// <summary>Recorded when the run first executed and replayed unchanged afterwards: the run's as-of time.</summary>
    DateTimeOffset CurrentUtcDateTime { get; }

    /// <summary>True while the calls being made still have journaled results (use it to silence replayed logs).</summary>
    bool IsReplaying { get; }

    /// <summary>
    /// Runs the named activity once per run (its journaled result is returned on replay); throws
    /// <see cref="ActivityFailedException"/> when it failed permanently.
    /// </summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input, ActivityOptions? options = null);

    /// <summary>Reports progress (0..1) in the run's status; persisted at the next checkpoint.</summary>
    void SetCustomStatus(string step, double progress);
}
