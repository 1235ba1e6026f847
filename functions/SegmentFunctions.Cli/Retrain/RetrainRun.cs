using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>How a retraining run started from the CLI ended.</summary>
/// <param name="Result">The run's output when it completed; null when it failed or another worker is running it.</param>
/// <param name="Scores">The published version's batch scores; null when nothing was published.</param>
internal sealed record RetrainRun(OrchestrationStatus Status, RetrainResult? Result, BatchScoreManifest? Scores);
