namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Predicted against actual holdout purchases (Fader, Hardie &amp; Lee 2005, section 4): totals, per customer, and
/// per calibration frequency x (their figure 4 "conditional expectations").
/// </summary>
/// <param name="HoldoutLength">Length of the holdout period in the model's time unit.</param>
/// <param name="ActualPurchases">Purchase days of all customers in the holdout.</param>
/// <param name="PredictedPurchases">Σ E[Y(holdout length) | x, t_x, T].</param>
/// <param name="MeanAbsoluteError">Mean over customers of |actual − predicted|.</param>
public sealed record HoldoutComparison(
    double HoldoutLength,
    int ActualPurchases,
    double PredictedPurchases,
    double MeanAbsoluteError,
    IReadOnlyList<CustomerHoldout> Customers,
    IReadOnlyList<HoldoutByFrequency> ByFrequency);
