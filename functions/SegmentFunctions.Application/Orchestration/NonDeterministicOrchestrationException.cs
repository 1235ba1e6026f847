namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// The orchestrator made other calls on replay than the journal recorded (code changed under a running instance, or
/// it used time, randomness or I/O directly); the run fails rather than mix results of two different workflows.
/// </summary>
public sealed class NonDeterministicOrchestrationException(string step, string message) : Exception(message)
{
    public string Step { get; } = step;
}
