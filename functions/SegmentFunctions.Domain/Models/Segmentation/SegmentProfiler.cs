using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>Describes segments in original feature units relative to the whole population.</summary>
public static class SegmentProfiler
{
    /// <summary>
    /// <see cref="Profile(FeatureMatrix, ReadOnlySpan{int}, int, string)"/> of a training table's columns, read in
    /// place: a million-row table is not copied to be profiled.
    /// </summary>
    public static SegmentProfileSet Profile(
        TrainingTable original, ReadOnlySpan<int> assignments, int segments, string revenueColumn = FeatureNames.Monetary)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Profile(original.AsMatrix(), assignments, segments, revenueColumn);
    }

    /// <param name="original">Features in original units (not standardized), one row per customer.</param>
    /// <param name="assignments">Segment index 0..segments-1 of each row.</param>
    /// <param name="revenueColumn">The column summed for the revenue share.</param>
    public static SegmentProfileSet Profile(
        FeatureMatrix original, ReadOnlySpan<int> assignments, int segments, string revenueColumn = FeatureNames.Monetary)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (assignments.Length != original.Rows)
        {
            throw new ArgumentException($"{assignments.Length} assignments for {original.Rows} customers.", nameof(assignments));
        }

        if (original.Rows == 0)
        {
            throw new ArgumentException("Cannot profile segments of an empty customer table.", nameof(original));
        }

        var revenue = original.IndexOf(revenueColumn);
        if (revenue < 0)
        {
            throw new ArgumentException(
                $"Revenue column '{revenueColumn}' is not among [{string.Join(", ", original.ColumnNames)}].", nameof(revenueColumn));
        }

        original.EnsureFinite(nameof(original));
        var members = Enumerable.Range(0, segments).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < assignments.Length; r++)
        {
            if ((uint)assignments[r] >= (uint)segments)
            {
                throw new ArgumentException($"Row {r} is assigned to segment {assignments[r]}, outside 0..{segments - 1}.");
            }

            members[assignments[r]].Add(r);
        }

        var d = original.Columns;
        var populationMeans = new double[d];
        var populationStds = new double[d];
        var populationMedians = new double[d];
        var means = new double[segments][];
        var medians = new double[segments][];
        var standardized = new double[segments][];
        var levels = new double[segments][];
        for (var s = 0; s < segments; s++)
        {
            (means[s], medians[s], standardized[s], levels[s]) = (new double[d], new double[d], new double[d], new double[d]);
        }

        // A column at a time, so only one sorted copy of a column is alive (the levels need the sorted population).
        var column = new double[original.Rows];
        for (var j = 0; j < d; j++)
        {
            for (var r = 0; r < column.Length; r++)
            {
                column[r] = original[r, j];
            }

            Array.Sort(column);
            populationMeans[j] = column.Average();
            populationStds[j] = Math.Sqrt(column.Sum(v => (v - populationMeans[j]) * (v - populationMeans[j])) / column.Length);
            populationMedians[j] = Median(column);
            for (var s = 0; s < segments; s++)
            {
                var values = members[s].Select(r => original[r, j]).ToArray();
                Array.Sort(values);
                means[s][j] = values.Length == 0 ? double.NaN : values.Average();
                medians[s][j] = values.Length == 0 ? double.NaN : Median(values);
                standardized[s][j] = populationStds[j] > 0 ? (means[s][j] - populationMeans[j]) / populationStds[j] : 0;
                levels[s][j] = values.Length == 0 ? double.NaN : Level(column, means[s][j]);
            }
        }

        var totalRevenue = Enumerable.Range(0, original.Rows).Sum(r => original[r, revenue]);
        var profiles = new SegmentProfile[segments];
        for (var s = 0; s < segments; s++)
        {
            var rows = members[s];
            var segmentRevenue = rows.Sum(r => original[r, revenue]);
            profiles[s] = new SegmentProfile(
                s, rows.Count, (double)rows.Count / original.Rows, totalRevenue == 0 ? 0 : segmentRevenue / totalRevenue,
                means[s], medians[s], standardized[s], levels[s]);
        }

        return new SegmentProfileSet(original.ColumnNames, original.Rows, populationMeans, populationMedians, profiles);
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);

    /// <summary>Mid-rank of <paramref name="value"/> in the sorted population: (#below + ½ #equal) / N.</summary>
    private static double Level(double[] sorted, double value)
    {
        var below = LowerBound(sorted, value);
        var notAbove = LowerBound(sorted, Math.BitIncrement(value));
        return (below + 0.5 * (notAbove - below)) / sorted.Length;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
