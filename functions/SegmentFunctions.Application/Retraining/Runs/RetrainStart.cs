namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>The run a start request maps to: a new one (<paramref name="Created"/>), or the run already active (singleton).</summary>
public sealed record RetrainStart(string RunId, bool Created);
