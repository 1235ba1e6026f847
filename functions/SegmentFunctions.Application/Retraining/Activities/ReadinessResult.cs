namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// A snapshot fit for training: its documents, customers seen before T, buyers, whether the churn labels are ready (else
/// why not), and the earliest first-seen time among its documents, which decides the classifier's plan (so the
/// classifier's pass over T need not read every document again to find it).
/// </summary>
public sealed record ReadinessResult(
    long Documents, int Customers, int Buyers, bool ChurnReady, string? ChurnNotReadyReason, DateTimeOffset? EarliestFirstSeen);
