using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>How a retraining run started from the CLI ended.</summary>
/// <param name="Result">The run's output when it completed; null when it failed or another worker is running it.</param>
internal sealed record RetrainRun(OrchestrationStatus Status, RetrainResult? Result);
