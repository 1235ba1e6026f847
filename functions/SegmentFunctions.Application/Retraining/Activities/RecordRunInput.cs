using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// How a run ended, for its record: its <paramref name="Result"/> when it completed, else its
/// <paramref name="Failure"/>; the times are the orchestration's own (replay-safe) clock.
/// </summary>
public sealed record RecordRunInput(
    string RunId,
    RetrainRequest Request,
    DateTimeOffset StartedTime,
    DateTimeOffset CompletedTime,
    RetrainProgress? LastProgress,
    RetrainResult? Result,
    RetrainRunFailure? Failure);
