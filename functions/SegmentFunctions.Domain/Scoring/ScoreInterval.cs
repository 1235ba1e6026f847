namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// An 80% interval of a per-customer quantity from the lifetime models' parameter uncertainty: the 10th and 90th
/// percentiles of the quantity over parameter sets drawn from the Laplace approximation of the fit.
/// </summary>
public readonly record struct ScoreInterval(double Low, double High);
