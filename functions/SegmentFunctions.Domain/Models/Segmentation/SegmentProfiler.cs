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

    /// <summary>
    /// The profiles of rows held in memory (<see cref="SegmentProfileAccumulator"/> over the one block) with the
    /// medians, which need each column sorted: one sorted copy of a column is alive at a time.
    /// </summary>
    /// <param name="original">Features in original units (not standardized), one row per customer.</param>
    /// <param name="assignments">Segment index 0..segments-1 of each row.</param>
    /// <param name="revenueColumn">The column summed for the revenue share.</param>
    public static SegmentProfileSet Profile(
        FeatureMatrix original, ReadOnlySpan<int> assignments, int segments, string revenueColumn = FeatureNames.Monetary)
    {
        ArgumentNullException.ThrowIfNull(original);
        var accumulator = new SegmentProfileAccumulator(original.ColumnNames, segments, revenueColumn);
        accumulator.AddTotals(original, assignments);
        accumulator.AddSpread(original);
        if (original.Rows == 0)
        {
            return accumulator.Complete();
        }

        var members = Enumerable.Range(0, segments).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < assignments.Length; r++)
        {
            members[assignments[r]].Add(r);
        }

        var d = original.Columns;
        var populationMedians = new double[d];
        var medians = new double[segments][];
        for (var s = 0; s < segments; s++)
        {
            medians[s] = new double[d];
        }

        var column = new double[original.Rows];
        for (var j = 0; j < d; j++)
        {
            for (var r = 0; r < column.Length; r++)
            {
                column[r] = original[r, j];
            }

            Array.Sort(column);
            populationMedians[j] = Median(column);
            for (var s = 0; s < segments; s++)
            {
                var values = members[s].Select(r => original[r, j]).ToArray();
                Array.Sort(values);
                medians[s][j] = values.Length == 0 ? double.NaN : Median(values);
            }
        }

        return accumulator.Complete(populationMedians, medians);
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
