namespace SegmentFunctions.Application.Retraining;

/// <summary>The names the triggers, the workers and the CLI share for the retraining orchestration.</summary>
public static class RetrainOrchestration
{
    /// <summary>The orchestrator's registered name; one run of it is active at a time (see <see cref="Runs.RetrainRuns"/>).</summary>
    public const string Name = "Retrain";
}
