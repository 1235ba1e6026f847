using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// Predicted CLV per segment as box plots: box from the 25th to the 75th percentile, line at the median, whiskers at
/// the 5th and 95th (CLV is heavy-tailed; the few largest values would flatten every box).
/// </summary>
internal static class LifetimeValueChart
{
    public const string FileName = "lifetime-value.png";

    public static ReportChart Render(ReportSegments segments, LifetimeValues values, string outDir)
    {
        var title = $"Predicted customer lifetime value by segment ({values.Horizon})";
        var plot = ChartCanvas.NewPlot(title, "Segment", $"Predicted CLV ({values.Currency}); box 25th-75th, whiskers 5th-95th percentile");
        var profiles = segments.NonEmpty;
        var top = 0.0;
        for (var s = 0; s < profiles.Count; s++)
        {
            var sorted = values.Customers.Where(c => c.Segment == profiles[s].Segment).Select(c => c.Value).Order().ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            var box = new Box
            {
                Position = s,
                WhiskerMin = Percentiles.OfSorted(sorted, 0.05),
                BoxMin = Percentiles.OfSorted(sorted, 0.25),
                BoxMiddle = Percentiles.OfSorted(sorted, 0.5),
                BoxMax = Percentiles.OfSorted(sorted, 0.75),
                WhiskerMax = Percentiles.OfSorted(sorted, 0.95),
                Width = 0.6,
                FillColor = ChartCanvas.SegmentColor(s).WithAlpha(0.6),
                LineColor = Colors.Black,
                LineWidth = 1.5f,
            };
            plot.Add.Box(box);
            top = Math.Max(top, box.WhiskerMax ?? 0);
        }

        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, profiles.Count).Select(i => (double)i).ToArray(),
            profiles.Select(p => ReportFormat.Wrap(segments.NameOf(p.Segment))).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.6, profiles.Count - 0.4, 0, Math.Max(top, 1) * 1.08);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, title, Reading(segments, values));
    }

    public static string Reading(ReportSegments segments, LifetimeValues values)
    {
        var total = values.Customers.Sum(c => c.Value);
        var bySegment = values.Customers.GroupBy(c => c.Segment).Select(g => (
            Segment: g.Key,
            Median: Percentiles.Median(g.Select(c => c.Value)),
            Share: total > 0 ? g.Sum(c => c.Value) / total : double.NaN)).ToArray();
        var high = bySegment.MaxBy(s => s.Median);
        var low = bySegment.MinBy(s => s.Median);
        return $"{segments.NameOf(high.Segment)} have the highest median CLV ({ReportFormat.Money(high.Median, values.Currency)}) "
            + $"and hold {ReportFormat.Percent(high.Share)} of all predicted value; {segments.NameOf(low.Segment)} the lowest "
            + $"({ReportFormat.Money(low.Median, values.Currency)}).";
    }
}
