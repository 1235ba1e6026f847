namespace SegmentFunctions.Application.Retraining;

/// <summary>The names the triggers, the worker and the CLI share for the retraining orchestration.</summary>
public static class RetrainOrchestration
{
    /// <summary>The orchestrator's registered name; one run of it is active at a time (singleton lease).</summary>
    public const string Name = "Retrain";

    /// <summary>The queue whose messages start or resume a run (the RetrainWorker function's trigger).</summary>
    public const string QueueName = "retrain-runs";
}
