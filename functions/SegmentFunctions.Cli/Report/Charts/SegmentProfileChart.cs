using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>Standardized feature means per segment: how far each segment sits from the average customer.</summary>
internal static class SegmentProfileChart
{
    public const string FileName = "segment-profiles.png";
    private const string Title = "Segment profiles (standardized feature means)";

    /// <summary>Colours saturate at 3 standard deviations so one extreme cell does not wash out the rest.</summary>
    private const double ColorLimit = 3.0;

    public static ReportChart Render(ReportSegments segments, string outDir)
    {
        var profiles = segments.NonEmpty;
        var columns = segments.Profiles.ColumnNames;
        var values = new double[columns.Count, profiles.Count];
        for (var f = 0; f < columns.Count; f++)
        {
            for (var s = 0; s < profiles.Count; s++)
            {
                values[f, s] = profiles[s].StandardizedMeans[f];
            }
        }

        var plot = ChartCanvas.NewPlot(Title, "Segment", "Feature");
        var largest = values.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max();
        var limit = Math.Min(ColorLimit, Math.Max(largest, 0.5));
        CellGrid.Draw(
            plot, values, columns.Select(FeatureLabels.For).ToArray(), profiles.Select(p => ReportFormat.Wrap(segments.NameOf(p.Segment))).ToArray(),
            z => ReportFormat.Number(z, "+0.0;-0.0;0.0"),
            new ScottPlot.Colormaps.Balance(), new ScottPlot.Range(-limit, limit),
            "Standard deviations from the population mean");
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, Title, Reading(segments));
    }

    public static string Reading(ReportSegments segments)
    {
        var columns = segments.Profiles.ColumnNames;
        var (segment, feature, z) = segments.NonEmpty
            .SelectMany(p => Enumerable.Range(0, columns.Count).Select(f => (p.Segment, f, z: p.StandardizedMeans[f])))
            .Where(c => double.IsFinite(c.z))
            .MaxBy(c => Math.Abs(c.z));
        var direction = z >= 0 ? "above" : "below";
        return $"{segments.NameOf(segment)} stand out most: their mean {FeatureLabels.For(columns[feature])} is "
            + $"{ReportFormat.Number(Math.Abs(z), "0.0")} standard deviations {direction} the average customer's.";
    }
}
