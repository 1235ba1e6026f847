namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The input of a retraining run. <paramref name="Trigger"/> says who asked ("schedule", "http", "queue", "cli");
/// <paramref name="AsOf"/> pins the snapshot time (default: the run's start time); <paramref name="Force"/> publishes
/// even when the last model is fresh (the promotion gate still applies).
/// </summary>
public sealed record RetrainRequest(string Trigger, DateTimeOffset? AsOf = null, bool Force = false);
