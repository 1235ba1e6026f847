namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// <c>runs/active.json</c>: the run that last claimed the singleton, when it claimed it, and whether its orchestration
/// instance has been scheduled (a claim not yet scheduled belongs to a start still in progress).
/// </summary>
public sealed record ActiveRunPointer(string RunId, DateTimeOffset ClaimedAt, bool Scheduled);
