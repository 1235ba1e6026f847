namespace SegmentFunctions.Retraining;

/// <summary>What a scheduled tick did: started a run (<see cref="RunId"/>), or skipped, and why.</summary>
public sealed record RetrainScheduleDecision(bool Started, string? RunId, string Reason);
