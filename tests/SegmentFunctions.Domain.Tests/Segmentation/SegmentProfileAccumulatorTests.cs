using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class SegmentProfileAccumulatorTests
{
    private static readonly string[] Columns = [FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.Revenue];

    [Fact]
    public void Rows_streamed_in_blocks_give_the_profiles_of_the_rows_in_memory_with_levels_counted_exactly()
    {
        var (data, assignments) = Customers(rows: 997, segments: 4, seed: 3);
        var whole = SegmentProfiler.Profile(data, assignments, 4, FeatureNames.Revenue);

        var streamed = Stream(data, assignments, 4, blockRows: 64);

        Assert.Equal(whole.Customers, streamed.Customers);
        Assert.Equal(whole.PopulationMeans, streamed.PopulationMeans, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(a));
        Assert.Empty(streamed.PopulationMedians);
        for (var s = 0; s < 4; s++)
        {
            var (expected, actual) = (whole.Segments[s], streamed.Segments[s]);
            Assert.Equal(expected.Size, actual.Size);
            Assert.Equal(expected.CustomerShare, actual.CustomerShare);
            Assert.Equal(expected.RevenueShare, actual.RevenueShare, 1e-12);
            Assert.Equal(expected.Means, actual.Means, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(a));
            Assert.Equal(expected.StandardizedMeans, actual.StandardizedMeans, (a, b) => Math.Abs(a - b) <= 1e-9);
            Assert.Equal(expected.Levels, actual.Levels);
            Assert.Empty(actual.Medians);
            for (var j = 0; j < Columns.Length; j++)
            {
                // The level is the population's mid-rank of the segment mean: (#below + ½ #equal) / N, counted directly.
                var column = Enumerable.Range(0, data.Rows).Select(r => data[r, j]).ToArray();
                var mean = actual.Means[j];
                Assert.Equal((column.Count(v => v < mean) + 0.5 * column.Count(v => v == mean)) / data.Rows, actual.Levels[j]);
            }
        }

        Assert.Equal(SegmentNamer.Name(whole), SegmentNamer.Name(streamed));
    }

    [Fact]
    public void The_same_rows_in_the_same_order_give_the_same_profiles_however_they_are_cut_into_blocks()
    {
        var (data, assignments) = Customers(rows: 500, segments: 3, seed: 8);

        var one = Stream(data, assignments, 3, blockRows: 500);
        var many = Stream(data, assignments, 3, blockRows: 37);

        Assert.Equal(one.PopulationMeans, many.PopulationMeans);
        Assert.Equal(one.Segments.Select(s => (s.Size, s.RevenueShare)), many.Segments.Select(s => (s.Size, s.RevenueShare)));
        Assert.Equal(one.Segments.SelectMany(s => s.Means.Concat(s.StandardizedMeans).Concat(s.Levels)), many.Segments.SelectMany(s => s.Means.Concat(s.StandardizedMeans).Concat(s.Levels)));
    }

    [Fact]
    public void A_second_pass_that_does_not_read_every_row_once_is_refused()
    {
        var (data, assignments) = Customers(rows: 20, segments: 2, seed: 1);
        var accumulator = new SegmentProfileAccumulator(Columns, 2, FeatureNames.Revenue);
        accumulator.AddTotals(data, assignments);

        Assert.Throws<InvalidOperationException>(() => accumulator.Complete());
        accumulator.AddSpread(data);
        Assert.Throws<InvalidOperationException>(() => accumulator.AddSpread(data));
        Assert.Throws<InvalidOperationException>(() => accumulator.AddTotals(data, assignments));
        Assert.Throws<ArgumentException>(() => new SegmentProfileAccumulator(Columns, 2, FeatureNames.Revenue).AddTotals(data, assignments[1..]));
    }

    private static SegmentProfileSet Stream(FeatureMatrix data, int[] assignments, int segments, int blockRows)
    {
        var accumulator = new SegmentProfileAccumulator(Columns, segments, FeatureNames.Revenue);
        foreach (var (block, start) in Blocks(data, blockRows))
        {
            accumulator.AddTotals(block, assignments.AsSpan(start, block.Rows));
        }

        foreach (var (block, _) in Blocks(data, blockRows))
        {
            accumulator.AddSpread(block);
        }

        return accumulator.Complete();
    }

    private static IEnumerable<(FeatureMatrix Block, int Start)> Blocks(FeatureMatrix data, int blockRows)
    {
        for (var start = 0; start < data.Rows; start += blockRows)
        {
            var rows = Math.Min(blockRows, data.Rows - start);
            yield return (new FeatureMatrix(data.Values[(start * data.Columns)..((start + rows) * data.Columns)], rows, data.Columns, data.ColumnNames), start);
        }
    }

    /// <summary>Purchase counts with many ties (levels hinge on them), skewed spend, and segments that differ in both.</summary>
    private static (FeatureMatrix Data, int[] Assignments) Customers(int rows, int segments, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * Columns.Length];
        var assignments = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var s = random.Next(segments);
            assignments[r] = s;
            var frequency = random.Next(1 + 2 * s);
            var monetary = Math.Round(Math.Exp(2 + s + random.NextDouble()), 2);
            (values[r * 3], values[r * 3 + 1], values[r * 3 + 2]) = (frequency, monetary, frequency * monetary);
        }

        return (new FeatureMatrix(values, rows, Columns.Length, Columns), assignments);
    }
}
