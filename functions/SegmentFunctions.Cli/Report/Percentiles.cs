namespace SegmentFunctions.Cli.Report;

internal static class Percentiles
{
    /// <summary>The q-quantile of sorted values by linear interpolation between closest ranks (Hyndman &amp; Fan type 7).</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Count - 1) * q;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return OfSorted(sorted, 0.5);
    }
}
