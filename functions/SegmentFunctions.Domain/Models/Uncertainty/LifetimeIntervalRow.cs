namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// The tabulated "if alive" factors of one frequency x (<see cref="LifetimeIntervals"/>): per parameter set m and age
/// node k, at [m · ages + k], the expected purchases over the horizon and the discounted CLV factor; and per set the
/// log odds ln(a/(b+x−1)) of P(alive).
/// </summary>
internal sealed record LifetimeIntervalRow(double[] Purchases, double[] Discounted, double[] LogOdds);
