using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class FeatureScalerTests
{
    private static readonly string[] Columns = [FeatureNames.Monetary, "rate", "constant"];

    [Fact]
    public void Logs_flagged_columns_then_standardizes_and_drops_constant_columns_with_a_warning()
    {
        var data = new FeatureMatrix([0, 1, 7, Math.E - 1, 3, 7, Math.E * Math.E - 1, 5, 7], 3, 3, Columns);

        var model = FeatureScaler.Fit(data);
        var scaled = model.Transform(data);

        Assert.Equal([FeatureNames.Monetary, "rate"], model.OutputColumns);
        var warning = Assert.Single(model.Warnings);
        Assert.Contains("'constant'", warning);
        Assert.True(model.IsLogTransformed(0));
        Assert.False(model.IsLogTransformed(1));
        // log1p gives 0, 1, 2 and rate is 1, 3, 5: both standardize to -√1.5, 0, √1.5.
        var expected = Math.Sqrt(1.5);
        Assert.Equal([-expected, -expected, 0, 0, expected, expected], scaled.Values, (a, b) => Math.Abs(a - b) < 1e-12);
        var back = new double[2];
        model.InverseTransform(scaled.Row(2), back);
        Assert.Equal(Math.E * Math.E - 1, back[0], 1e-9);
        Assert.Equal(5, back[1], 1e-9);
    }

    [Fact]
    public void Moments_of_shards_combined_fit_the_scaler_of_the_whole_matrix()
    {
        var random = new Random(4);
        const int rows = 1_000;
        var values = new double[rows * 3];
        for (var r = 0; r < rows; r++)
        {
            (values[r * 3], values[r * 3 + 1], values[r * 3 + 2]) = (random.NextDouble() * 900, 1e6 + random.NextDouble(), 7);
        }

        var whole = new FeatureMatrix(values, rows, 3, Columns);
        int[] cuts = [0, 1, 250, 250, 777, rows];
        var shards = cuts.Zip(cuts.Skip(1), (from, to) => new FeatureMatrix(values[(from * 3)..(to * 3)], to - from, 3, Columns));

        var expected = FeatureScaler.Fit(whole);
        var combined = FeatureScaler.Fit(ColumnMoments.Combine(shards.Select(s => ColumnMoments.Of(s))));

        Assert.Equal(expected.OutputColumns, combined.OutputColumns);
        Assert.Equal(expected.Warnings, combined.Warnings);
        Assert.Equal(expected.Means, combined.Means, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(a));
        Assert.Equal(expected.StandardDeviations, combined.StandardDeviations, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Abs(a));
    }

    [Fact]
    public void All_constant_columns_give_an_empty_output_and_one_warning_each()
    {
        var data = new FeatureMatrix([1, 2, 1, 2], 2, 2, ["a", "b"]);

        var model = FeatureScaler.Fit(data);

        Assert.Empty(model.OutputColumns);
        Assert.Equal(2, model.Warnings.Count);
        Assert.Equal(0, model.Transform(data).Columns);
    }

    [Fact]
    public void Non_finite_values_are_rejected_naming_row_and_column()
    {
        var data = new FeatureMatrix([1, 2, 3, 4, double.PositiveInfinity, 6], 2, 3, Columns);

        var error = Assert.Throws<ArgumentException>(() => FeatureScaler.Fit(data));

        Assert.Contains("row 1, column 1 ('rate')", error.Message);
    }

    [Fact]
    public void Negative_values_in_a_log_column_are_rejected()
    {
        var data = new FeatureMatrix([1, 2, 3, -4, 5, 6], 2, 3, Columns);

        var error = Assert.Throws<ArgumentException>(() => FeatureScaler.Fit(data));

        Assert.Contains("'monetary'", error.Message);
        Assert.Contains("row 1", error.Message);
    }

    [Fact]
    public void Transform_rejects_a_matrix_with_other_columns()
    {
        var model = FeatureScaler.Fit(new FeatureMatrix([1, 2, 3, 4], 2, 2, ["a", "b"]));

        Assert.Throws<ArgumentException>(() => model.Transform(new FeatureMatrix([1, 2, 3, 4], 2, 2, ["b", "a"])));
    }
}
