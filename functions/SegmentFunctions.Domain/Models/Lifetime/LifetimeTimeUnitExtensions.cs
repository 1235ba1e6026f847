namespace SegmentFunctions.Domain.Models.Lifetime;

public static class LifetimeTimeUnitExtensions
{
    public static double Days(this LifetimeTimeUnit unit) => unit switch
    {
        LifetimeTimeUnit.Day => 1.0,
        LifetimeTimeUnit.Week => 7.0,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>
    /// Model time units in one month, as the <c>lifetimes</c> package counts them for CLV (30 days, 4.345 weeks).
    /// </summary>
    public static double PerMonth(this LifetimeTimeUnit unit) => unit switch
    {
        LifetimeTimeUnit.Day => 30.0,
        LifetimeTimeUnit.Week => 4.345,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>The length of the span between two days in this unit.</summary>
    public static double Between(this LifetimeTimeUnit unit, DateOnly from, DateOnly to) =>
        (to.DayNumber - from.DayNumber) / unit.Days();
}
