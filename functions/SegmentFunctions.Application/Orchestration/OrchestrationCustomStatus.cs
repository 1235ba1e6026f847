namespace SegmentFunctions.Application.Orchestration;

/// <summary>The step an orchestrator reported last and its progress (0..1).</summary>
public sealed record OrchestrationCustomStatus(string Step, double Progress);
