using System.Globalization;
using ScottPlot;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// BG/NBD P(alive) over repeat purchases x and time of last purchase t_x for customers of one age T. Starts at x = 1:
/// BG/NBD has no dropout before the first repeat purchase, so every x = 0 customer has P(alive) = 1.
/// </summary>
internal static class AliveHeatmapChart
{
    public const string FileName = "probability-alive.png";
    private const int TimeSteps = 40;

    public static ReportChart Render(AliveSurface surface, string outDir)
    {
        var unit = UnitName(surface.TimeUnit);
        var title = $"Probability a customer is still active (BG/NBD, customers first seen {Format(surface.Age)} {unit} ago)";
        var step = surface.Age / TimeSteps;
        var values = new double[TimeSteps + 1, surface.MaxFrequency];
        for (var row = 0; row <= TimeSteps; row++)
        {
            // Clamped: Age - TimeSteps · (Age / TimeSteps) can round to a tiny negative t_x, which BG/NBD rejects.
            var tx = Math.Max(0, surface.Age - (row * step));
            for (var x = 1; x <= surface.MaxFrequency; x++)
            {
                values[row, x - 1] = surface.ProbabilityAlive(x, tx, surface.Age) * 100;
            }
        }

        var plot = ChartCanvas.NewPlot(title, "Repeat purchases x", $"Time of the last purchase t_x ({unit} after the first)");
        plot.Axes.Title.Label.FontSize = ChartCanvas.AxisLabelSize + 2;
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        heatmap.Rectangle = new CoordinateRect(0.5, surface.MaxFrequency + 0.5, -step / 2, surface.Age + (step / 2));
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "P(alive) (%)";
        colorBar.LabelStyle.FontSize = ChartCanvas.AxisLabelSize;
        colorBar.Axis.TickLabelStyle.FontSize = ChartCanvas.TickLabelSize;
        plot.Axes.SetLimits(0.5, surface.MaxFrequency + 0.5, -step / 2, surface.Age + (step / 2));
        plot.HideGrid();
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, title, Reading(surface));
    }

    public static string Reading(AliveSurface surface)
    {
        var unit = UnitName(surface.TimeUnit);
        var x = Math.Max(1, surface.MaxFrequency / 4);
        var early = Math.Round(surface.Age * 0.5);
        var late = Math.Round(surface.Age * 0.9);
        var earlyAlive = surface.ProbabilityAlive(x, early, surface.Age);
        var lateAlive = surface.ProbabilityAlive(x, late, surface.Age);
        return $"A customer first seen {Format(surface.Age)} {unit} ago with {x} repeat purchases is still active with probability "
            + $"{ReportFormat.Percent(earlyAlive)} if the last purchase came {Format(early)} {unit} after the first, "
            + $"and {ReportFormat.Percent(lateAlive)} if it came after {Format(late)} {unit}.";
    }

    private static string UnitName(LifetimeTimeUnit unit) => unit == LifetimeTimeUnit.Week ? "weeks" : "days";

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
