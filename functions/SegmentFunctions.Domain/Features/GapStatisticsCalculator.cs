namespace SegmentFunctions.Domain.Features;

/// <summary>Inter-purchase gap statistics, recomputed from the purchase-day list so they cannot drift from it.</summary>
public static class GapStatisticsCalculator
{
    /// <summary>
    /// Gaps in days between consecutive purchase days (ascending by date); mean and population standard deviation.
    /// Null with fewer than two days.
    /// </summary>
    public static GapStatistics? Compute(IReadOnlyList<PurchaseDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count < 2)
        {
            return null;
        }

        var count = days.Count - 1;
        long sum = 0;
        int min = int.MaxValue, max = int.MinValue;
        for (var i = 1; i < days.Count; i++)
        {
            var gap = days[i].Date.DayNumber - days[i - 1].Date.DayNumber;
            sum += gap;
            min = Math.Min(min, gap);
            max = Math.Max(max, gap);
        }

        var mean = (double)sum / count;
        var squares = 0.0;
        for (var i = 1; i < days.Count; i++)
        {
            var d = days[i].Date.DayNumber - days[i - 1].Date.DayNumber - mean;
            squares += d * d;
        }

        return new GapStatistics(count, mean, Math.Sqrt(squares / count), min, max);
    }
}
