namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A snapshot fit for training: its documents, customers seen before T, buyers, and whether the churn labels are ready (else why not).</summary>
public sealed record ReadinessResult(long Documents, int Customers, int Buyers, bool ChurnReady, string? ChurnNotReadyReason);
