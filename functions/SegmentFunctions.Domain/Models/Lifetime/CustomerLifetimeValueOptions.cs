namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// The CLV horizon: <see cref="Periods"/> periods of <see cref="PeriodLength"/> model time units each, discounted at
/// <see cref="DiscountRate"/> per period. Defaults are those of the <c>lifetimes</c> package: 12 months at 1 % a month.
/// </summary>
public sealed record CustomerLifetimeValueOptions
{
    public int Periods { get; init; } = 12;

    /// <summary>Length of one period in the model's time unit (a month is 30 days or 4.345 weeks).</summary>
    public required double PeriodLength { get; init; }

    /// <summary>Discount rate per period, e.g. 0.01 for 1 % a month.</summary>
    public double DiscountRate { get; init; } = 0.01;

    /// <summary>Monthly periods in the given time unit.</summary>
    public static CustomerLifetimeValueOptions Monthly(LifetimeTimeUnit unit, int months = 12, double monthlyDiscountRate = 0.01) =>
        new() { Periods = months, PeriodLength = unit.PerMonth(), DiscountRate = monthlyDiscountRate };
}
