using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>How a retraining run started from the CLI ended.</summary>
/// <param name="Result">The run's output when it completed; null when it failed.</param>
internal sealed record RetrainRun(RetrainRunStatus Status, RetrainResult? Result);
