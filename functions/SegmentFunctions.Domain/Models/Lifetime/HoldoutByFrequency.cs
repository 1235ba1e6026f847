namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>Mean actual and predicted holdout purchases of the customers with calibration frequency x.</summary>
public sealed record HoldoutByFrequency(int Frequency, int Customers, double MeanActual, double MeanPredicted);
