namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// The calibration-period summary of one customer that BG/NBD and Gamma-Gamma take (Fader, Hardie &amp; Lee 2005),
/// plus what happened in the holdout period. Times are in the summary's <see cref="LifetimeTimeUnit"/>.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Frequency">x: repeat purchase days in calibration (purchase days after the first; same-day purchases are one).</param>
/// <param name="Recency">t_x: time from the first purchase day to the last one in calibration (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase day to the calibration end day.</param>
/// <param name="MeanRepeatSpend">zbar: mean of the repeat purchase days' totals (0 when x = 0).</param>
/// <param name="FirstPurchaseValue">Total spent on the first purchase day.</param>
/// <param name="HoldoutPurchases">Purchase days after the calibration end up to and including the holdout end.</param>
public sealed record CustomerRfm(
    string CustomerId,
    int Frequency,
    double Recency,
    double Age,
    double MeanRepeatSpend,
    double FirstPurchaseValue,
    int HoldoutPurchases);
