using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary><c>GET /api/retrain</c>: the newest runs first, each as its status document.</summary>
public sealed record RetrainRunList(IReadOnlyList<RetrainRunStatus> Runs);
