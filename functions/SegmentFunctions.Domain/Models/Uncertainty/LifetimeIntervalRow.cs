namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// The tabulated "if alive" factors of one frequency x (<see cref="LifetimeIntervals"/>): per age node k and parameter
/// set m, at [k · sets + m] (the sets of a node contiguous, for vector loads), the expected purchases over the
/// horizon and the discounted CLV factor; and per set the log odds ln(a/(b+x−1)) of P(alive).
/// </summary>
internal sealed record LifetimeIntervalRow(double[] Purchases, double[] Discounted, double[] LogOdds);
