namespace SegmentFunctions.Application.Orchestration;

/// <summary>Why a run failed: the step (activity name, or the orchestrator's last reported step) and the error.</summary>
public sealed record OrchestrationFailureDetails(string Step, string ErrorType, string Message);
