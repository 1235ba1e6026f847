using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>How a bundle values customers: <see cref="Months"/> monthly periods discounted at <see cref="MonthlyDiscountRate"/>, in <see cref="Currency"/>.</summary>
public sealed record ClvSettings(int Months, double MonthlyDiscountRate, string Currency)
{
    public static ClvSettings Default { get; } = new(12, 0.01, "EUR");

    /// <summary>The CLV computation's options in the bundle's time unit.</summary>
    public CustomerLifetimeValueOptions ToOptions(LifetimeTimeUnit unit) =>
        CustomerLifetimeValueOptions.Monthly(unit, Months, MonthlyDiscountRate);

    /// <summary>The horizon in model time units.</summary>
    public double Horizon(LifetimeTimeUnit unit) => Months * unit.PerMonth();
}
