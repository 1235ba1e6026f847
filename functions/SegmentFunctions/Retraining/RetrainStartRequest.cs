namespace SegmentFunctions.Retraining;

/// <summary>
/// The optional JSON body of POST /api/retrain: <paramref name="Force"/> lets a challenger that cannot be compared with
/// the champion (no churn labels yet) be promoted on its segments alone; <paramref name="AsOf"/> pins the run's as-of time.
/// </summary>
public sealed record RetrainStartRequest(bool Force = false, DateTimeOffset? AsOf = null);
