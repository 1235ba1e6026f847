using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>Share of customers next to share of revenue, per segment (grouped bars).</summary>
internal static class SegmentSizeChart
{
    public const string FileName = "segment-sizes.png";
    private const string Title = "Segment sizes and revenue";

    public static ReportChart Render(ReportSegments segments, string outDir)
    {
        var profiles = segments.NonEmpty;
        var plot = ChartCanvas.NewPlot(Title, "Segment", "Share (%)");
        var customerColor = Colors.SteelBlue;
        var revenueColor = Colors.DarkOrange;
        var bars = new List<Bar>();
        for (var i = 0; i < profiles.Count; i++)
        {
            bars.Add(Bar(i - 0.2, profiles[i].CustomerShare, customerColor));
            bars.Add(Bar(i + 0.2, profiles[i].RevenueShare, revenueColor));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = ChartCanvas.TickLabelSize;
        barPlot.ValueLabelStyle.FontName = ChartCanvas.FontFamily;
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, profiles.Count).Select(i => (double)i).ToArray(),
            profiles.Select(p => ReportFormat.Wrap(segments.NameOf(p.Segment))).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        var top = profiles.Max(p => Math.Max(p.CustomerShare, p.RevenueShare)) * 100;
        plot.Axes.SetLimits(-0.6, profiles.Count - 0.4, 0, top * 1.25);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Customers", FillColor = customerColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Revenue", FillColor = revenueColor });
        plot.ShowLegend(Alignment.UpperCenter, Orientation.Horizontal);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, Title, Reading(segments));
    }

    public static string Reading(ReportSegments segments)
    {
        var top = segments.NonEmpty.MaxBy(p => p.RevenueShare)!;
        var largest = segments.NonEmpty.MaxBy(p => p.CustomerShare)!;
        var reading = $"{segments.NameOf(top.Segment)} are {ReportFormat.Percent(top.CustomerShare)} of customers "
            + $"and bring {ReportFormat.Percent(top.RevenueShare)} of revenue";
        return largest.Segment == top.Segment
            ? reading + "."
            : reading + $"; the largest segment, {segments.NameOf(largest.Segment)}, is "
                + $"{ReportFormat.Percent(largest.CustomerShare)} of customers and brings {ReportFormat.Percent(largest.RevenueShare)}.";
    }

    private static Bar Bar(double position, double share, Color color) => new()
    {
        Position = position,
        Value = share * 100,
        Size = 0.38,
        FillColor = color,
        Label = ReportFormat.Percent(share),
    };
}
