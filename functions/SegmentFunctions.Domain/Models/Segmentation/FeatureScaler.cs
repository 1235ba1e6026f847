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

        return Fit(ColumnMoments.Of(data, logColumns));
    }

    /// <summary>
    /// The scaler of rows described by their <see cref="ColumnMoments"/>: of one matrix, or combined from the shards
    /// of a table read apart, which gives the scaler of the whole table.
    /// </summary>
    public static FeatureScalerModel Fit(ColumnMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        if (moments.Rows == 0)
        {
            throw new ArgumentException("Cannot fit a scaler on moments of no rows.", nameof(moments));
        }

        var kept = new List<int>();
        var log = new List<bool>();
        var means = new List<double>();
        var stds = new List<double>();
        var warnings = new List<string>();
        for (var c = 0; c < moments.ColumnNames.Count; c++)
        {
            var mean = moments.Means[c];
            var std = Math.Sqrt(moments.SquaredDeviations[c] / moments.Rows);
            if (std < ConstantTolerance * Math.Max(1, Math.Abs(mean)))
            {
                warnings.Add($"Column '{moments.ColumnNames[c]}' is constant ({moments.FirstValues[c]}) and was dropped.");
                continue;
            }

            kept.Add(c);
            log.Add(moments.Log[c]);
            means.Add(mean);
            stds.Add(std);
        }

        return new FeatureScalerModel(moments.ColumnNames, [.. kept], [.. log], [.. means], [.. stds], warnings);
    }
}
