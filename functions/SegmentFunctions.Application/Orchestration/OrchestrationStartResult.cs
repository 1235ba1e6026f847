namespace SegmentFunctions.Application.Orchestration;

/// <summary>The run a start request maps to: a new one, or the active run of that orchestration (singleton).</summary>
public sealed record OrchestrationStartResult(string RunId, bool Created);
