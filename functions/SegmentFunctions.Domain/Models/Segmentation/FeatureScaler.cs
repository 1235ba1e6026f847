namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Fits a <see cref="FeatureScalerModel"/>: log1p on the flagged non-negative skewed columns, then standardization.
/// </summary>
public static class FeatureScaler
{
    /// <summary>A column whose standard deviation (after log1p) is below this is treated as constant and dropped.</summary>
    public const double ConstantTolerance = 1e-12;

    /// <param name="data">Features in original units; NaN or infinity raises an <see cref="ArgumentException"/>.</param>
    /// <param name="logColumns">Names of columns to log1p; null uses <see cref="FeatureNames.Skewed"/>.</param>
    public static FeatureScalerModel Fit(FeatureMatrix data, IReadOnlySet<string>? logColumns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0)
        {
            throw new ArgumentException("Cannot fit a scaler on a matrix without rows.", nameof(data));
        }

        data.EnsureFinite(nameof(data));
        logColumns ??= FeatureNames.Skewed;
        var kept = new List<int>();
        var log = new List<bool>();
        var means = new List<double>();
        var stds = new List<double>();
        var warnings = new List<string>();
        var column = new double[data.Rows];
        for (var c = 0; c < data.Columns; c++)
        {
            var name = data.ColumnNames[c];
            var useLog = logColumns.Contains(name);
            for (var r = 0; r < data.Rows; r++)
            {
                var value = data[r, c];
                if (useLog && value < 0)
                {
                    throw new ArgumentException(
                        $"Column '{name}' is flagged for log1p but row {r} has the negative value {value}.",
                        nameof(data));
                }

                column[r] = useLog ? Math.Log(1 + value) : value;
            }

            // Two-pass mean and variance: numerically stable for columns with a large offset.
            var mean = column.Average();
            var sumSquares = 0.0;
            foreach (var value in column)
            {
                sumSquares += (value - mean) * (value - mean);
            }

            var std = Math.Sqrt(sumSquares / data.Rows);
            if (std < ConstantTolerance * Math.Max(1, Math.Abs(mean)))
            {
                warnings.Add($"Column '{name}' is constant ({data[0, c]}) and was dropped.");
                continue;
            }

            kept.Add(c);
            log.Add(useLog);
            means.Add(mean);
            stds.Add(std);
        }

        return new FeatureScalerModel(data.ColumnNames, [.. kept], [.. log], [.. means], [.. stds], warnings);
    }
}
