namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>One feature's contribution to a customer's churn score (positive pushes toward churn).</summary>
public sealed record FeatureDriver(string Feature, double Value, double Contribution);
