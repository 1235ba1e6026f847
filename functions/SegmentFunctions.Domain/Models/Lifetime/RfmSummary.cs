namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Calibration/holdout summary of a customer base: one <see cref="CustomerRfm"/> per customer who bought by the
/// calibration end. Both end days are inclusive; T is measured to the calibration end day itself (see
/// <see cref="RfmSummaryBuilder"/>).
/// </summary>
public sealed record RfmSummary(
    DateOnly CalibrationEnd,
    DateOnly HoldoutEnd,
    LifetimeTimeUnit TimeUnit,
    IReadOnlyList<CustomerRfm> Customers)
{
    /// <summary>Length of the holdout period, (calibration end, holdout end], in <see cref="TimeUnit"/>.</summary>
    public double HoldoutLength => TimeUnit.Between(CalibrationEnd, HoldoutEnd);
}
