namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Global importance of a feature: its share of the trees' split gain (shares sum to 1).</summary>
public sealed record FeatureImportance(string Feature, double Share);
