using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// Customers by days since last purchase and number of orders, coloured by segment. Both are right-skewed counts,
/// so both axes show log10(1 + value) with ticks labelled in original units.
/// </summary>
internal static class RecencyFrequencyChart
{
    public const string FileName = "recency-frequency.png";
    private const string Title = "Customers by recency and frequency";
    private const int SampleSeed = 20_241_122;
    /// <summary>Orders are whole numbers: without jitter, customers with equal counts pile up on a few lines.</summary>
    private const double FrequencyJitter = 0.3;

    private static readonly double[] TickValues = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

    public static ReportChart Render(ReportSegments segments, IReadOnlyList<CustomerPoint> customers, string outDir)
    {
        var shown = Sample(customers);
        var plot = ChartCanvas.NewPlot(Title, "Days since last purchase (log scale)", "Orders (log scale, jittered by up to ±0.3)");
        var jitter = new Random(SampleSeed);
        var profiles = segments.NonEmpty;
        var (markerSize, opacity) = shown.Count > 1000 ? (5f, 0.45) : (7f, 0.6);
        for (var s = 0; s < profiles.Count; s++)
        {
            var members = shown.Where(c => c.Segment == profiles[s].Segment).ToArray();
            if (members.Length == 0)
            {
                continue;
            }

            var points = plot.Add.ScatterPoints(
                members.Select(c => Log(c.RecencyDays)).ToArray(),
                members.Select(c => Log(c.Frequency + ((jitter.NextDouble() - 0.5) * 2 * FrequencyJitter))).ToArray(),
                ChartCanvas.SegmentColor(s).WithAlpha(opacity));
            points.MarkerSize = markerSize;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = segments.NameOf(profiles[s].Segment),
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 12,
                MarkerFillColor = ChartCanvas.SegmentColor(s),
                MarkerLineColor = ChartCanvas.SegmentColor(s),
            });
        }

        var (recencyLow, recencyHigh) = Span(shown.Select(c => c.RecencyDays));
        var (frequencyLow, frequencyHigh) = Span(shown.SelectMany(c => new[] { c.Frequency - FrequencyJitter, c.Frequency + FrequencyJitter }));
        SetLogTicks(plot.Axes.Bottom, shown.Min(c => c.RecencyDays), shown.Max(c => c.RecencyDays));
        SetLogTicks(plot.Axes.Left, shown.Min(c => c.Frequency), shown.Max(c => c.Frequency));
        plot.Axes.SetLimits(recencyLow, recencyHigh, frequencyLow, frequencyHigh);
        plot.ShowLegend(Edge.Right);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, Title, Reading(segments, customers));
    }

    public static string Reading(ReportSegments segments, IReadOnlyList<CustomerPoint> customers)
    {
        var bySegment = customers.GroupBy(c => c.Segment).Select(g => (
            Segment: g.Key,
            Frequency: Percentiles.Median(g.Select(c => c.Frequency)),
            Recency: Percentiles.Median(g.Select(c => c.RecencyDays)))).ToArray();
        var frequent = bySegment.MaxBy(s => s.Frequency);
        var away = bySegment.MaxBy(s => s.Recency);
        var reading = $"{segments.NameOf(frequent.Segment)} buy most often (median {ReportFormat.Number(frequent.Frequency, "0.#")} orders) "
            + $"and {segments.NameOf(away.Segment)} have been away longest (median {ReportFormat.Number(away.Recency, "0")} days since the last purchase)";
        return customers.Count > CustomerPoint.MaxPlotted
            ? reading + $"; {ReportFormat.Count(CustomerPoint.MaxPlotted)} of {ReportFormat.Count(customers.Count)} customers drawn."
            : reading + ".";
    }

    /// <summary>A fixed-seed uniform sample (partial Fisher-Yates) so the same data always gives the same picture.</summary>
    internal static IReadOnlyList<CustomerPoint> Sample(IReadOnlyList<CustomerPoint> customers)
    {
        if (customers.Count <= CustomerPoint.MaxPlotted)
        {
            return customers;
        }

        var pool = customers.ToArray();
        var random = new Random(SampleSeed);
        for (var i = 0; i < CustomerPoint.MaxPlotted; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..CustomerPoint.MaxPlotted];
    }

    private static double Log(double value) => Math.Log10(1 + Math.Max(0, value));

    /// <summary>The data's range on the log axis with a 5% margin each side.</summary>
    private static (double Low, double High) Span(IEnumerable<double> values)
    {
        var logs = values.Select(Log).ToArray();
        var margin = Math.Max(0.05, (logs.Max() - logs.Min()) * 0.05);
        return (logs.Min() - margin, logs.Max() + margin);
    }

    private static void SetLogTicks(IAxis axis, double min, double max)
    {
        var ticks = TickValues.Where(v => v >= min / 1.5 && v <= max * 1.1).ToArray();
        axis.SetTicks(ticks.Select(Log).ToArray(), ticks.Select(v => ReportFormat.Number(v, "#,0")).ToArray());
    }
}
