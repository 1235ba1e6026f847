namespace SegmentFunctions.Cli.Report;

/// <summary>Checks a <see cref="ReportData"/> before any file is written, so a bad input leaves no half report.</summary>
internal static class ReportDataValidator
{
    /// <exception cref="ReportDataException">The first inconsistency found, described.</exception>
    public static void Validate(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var profiles = data.Segments.Profiles;
        Require(data.Segments.NonEmpty.Count > 0, "The report needs at least one segment with customers.");
        foreach (var segment in profiles.Segments)
        {
            Require(
                segment.Means.Count == profiles.ColumnNames.Count
                && segment.Medians.Count == profiles.ColumnNames.Count
                && segment.StandardizedMeans.Count == profiles.ColumnNames.Count,
                $"Segment {segment.Segment} has {segment.Means.Count} means, {segment.Medians.Count} medians and "
                + $"{segment.StandardizedMeans.Count} standardized means for {profiles.ColumnNames.Count} feature columns.");
        }

        if (data.Churn is { } churn)
        {
            Require(
                churn.Probabilities.Count == churn.Churned.Count,
                $"The churn holdout has {churn.Probabilities.Count} probabilities but {churn.Churned.Count} labels.");
            Require(
                churn.Churned.Contains(true) && churn.Churned.Contains(false),
                "The churn holdout needs both churners and non-churners to draw calibration and gains.");
            Require(
                churn.Probabilities.All(p => p >= 0 && p <= 1),
                "Churn probabilities must be in [0, 1].");
            Require(
                churn.BaselineScores is null || churn.BaselineScores.Count == churn.Churned.Count,
                $"The churn holdout has {churn.Churned.Count} labels but {churn.BaselineScores?.Count} baseline scores.");
        }

        if (data.Alive is { } alive)
        {
            Require(
                double.IsFinite(alive.Age) && alive.Age > 0 && alive.MaxFrequency >= 1,
                $"The P(alive) map needs an age T > 0 and at least one repeat purchase; got T = {alive.Age}, x up to {alive.MaxFrequency}.");
        }

        if (data.Flows is { } flows)
        {
            var matrix = flows.Matrix;
            Require(
                matrix.Counts.Count == matrix.FromIds.Count && matrix.Counts.All(row => row.Count == matrix.ToIds.Count),
                $"The segment flow matrix is not {matrix.FromIds.Count} x {matrix.ToIds.Count} as its segment ids say.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ReportDataException(message);
        }
    }
}
