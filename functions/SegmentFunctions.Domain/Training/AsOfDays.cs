namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The one rule for "purchase day D is known as of T": D counts when it started (00:00 UTC) before T. With cut-offs
/// at UTC midnight this is exact; with a cut-off inside a day, that day's purchases count even if made after T
/// (leakage of less than a day), so training cut-offs should be at midnight.
/// </summary>
public static class AsOfDays
{
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static bool IsKnownAt(DateOnly day, DateTimeOffset asOf) => StartOf(day) < asOf;

    /// <summary>True when D lies in the window (from, to]: known at <paramref name="to"/> but not at <paramref name="from"/>.</summary>
    public static bool IsInWindow(DateOnly day, DateTimeOffset from, DateTimeOffset to) => !IsKnownAt(day, from) && IsKnownAt(day, to);
}
