using ScottPlot;
using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>The churn classifier's global feature importance as horizontal bars, largest at the top.</summary>
internal static class ChurnDriverChart
{
    public const string FileName = "churn-drivers.png";
    private const string Title = "What drives the churn model";
    private const int MaxDrivers = 12;

    public static ReportChart Render(IReadOnlyList<FeatureImportance> drivers, string outDir)
    {
        var top = Top(drivers);
        var plot = ChartCanvas.NewPlot(Title, "Share of the trees' split gain (%)", "Feature");
        var bars = top.Select((d, i) => new Bar
        {
            Position = top.Length - 1 - i,
            Value = d.Share * 100,
            FillColor = Colors.SteelBlue,
            Label = ReportFormat.Percent(d.Share),
            Orientation = Orientation.Horizontal,
            Size = 0.7,
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = ChartCanvas.TickLabelSize;
        barPlot.ValueLabelStyle.FontName = ChartCanvas.FontFamily;
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, top.Length).Select(i => (double)(top.Length - 1 - i)).ToArray(), top.Select(d => FeatureLabels.For(d.Feature)).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, top.Max(d => d.Share) * 100 * 1.15, -0.6, top.Length - 0.4);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, Title, Reading(drivers));
    }

    public static string Reading(IReadOnlyList<FeatureImportance> drivers)
    {
        var top = Top(drivers);
        var reading = $"{Capitalized(FeatureLabels.For(top[0].Feature))} drives the churn model most ({ReportFormat.Percent(top[0].Share)} of the split gain)";
        return top.Length > 1
            ? reading + $", then {FeatureLabels.For(top[1].Feature)} ({ReportFormat.Percent(top[1].Share)})."
            : reading + ".";
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static FeatureImportance[] Top(IReadOnlyList<FeatureImportance> drivers) =>
        drivers.OrderByDescending(d => d.Share).Take(MaxDrivers).ToArray();
}
