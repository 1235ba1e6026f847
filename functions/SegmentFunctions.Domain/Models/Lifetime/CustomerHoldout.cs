namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>One customer's purchase days in the holdout period against BG/NBD's conditional expectation.</summary>
public sealed record CustomerHoldout(string CustomerId, int Frequency, int ActualPurchases, double PredictedPurchases);
