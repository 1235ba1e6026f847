using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// Reliability diagram: holdout customers binned by predicted churn probability (ten bins of width 0.1), the observed
/// churn rate of each bin against its mean prediction; a calibrated model lies on the diagonal.
/// </summary>
internal static class ChurnCalibrationChart
{
    public const string FileName = "churn-calibration.png";
    private const int Bins = 10;

    public static ReportChart Render(ChurnEvaluation churn, string outDir)
    {
        var title = $"Churn calibration (quality grade {churn.Quality.Grade})";
        var bins = Bin(churn);
        var plot = ChartCanvas.NewPlot(title, "Predicted churn probability (%)", "Observed churn rate (%)");
        var diagonal = plot.Add.Line(0, 0, 100, 100);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineWidth = 2;
        diagonal.LegendText = "Perfect calibration";
        var model = plot.Add.Scatter(bins.Select(b => b.Predicted * 100).ToArray(), bins.Select(b => b.Observed * 100).ToArray(), Colors.Crimson);
        model.LineWidth = 2;
        model.MarkerSize = 10;
        model.LegendText = "Churn model (one point per probability bin)";
        foreach (var bin in bins)
        {
            var label = plot.Add.Text($"n = {ReportFormat.Count(bin.Count)}", bin.Predicted * 100, bin.Observed * 100);
            label.LabelFontSize = 13;
            // Labels go below-right of their point, below-left near the right edge where they would be clipped.
            var nearRightEdge = bin.Predicted > 0.85;
            label.LabelAlignment = nearRightEdge ? Alignment.UpperRight : Alignment.UpperLeft;
            label.OffsetX = nearRightEdge ? -8 : 8;
            label.OffsetY = 6;
            label.LabelFontColor = Colors.DimGray;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        }

        plot.Axes.SetLimits(0, 100, 0, 100);
        plot.ShowLegend(Alignment.UpperLeft);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, title, Reading(churn));
    }

    public static string Reading(ChurnEvaluation churn)
    {
        var predicted = churn.Probabilities.Average();
        var observed = churn.Churned.Count(c => c) / (double)churn.Churned.Count;
        var reading = $"Grade {churn.Quality.Grade}: predicted churn averages {ReportFormat.Percent(predicted)} "
            + $"against {ReportFormat.Percent(observed)} observed";
        var minimum = Math.Max(5, churn.Probabilities.Count / 100);
        var widest = Bin(churn).Where(b => b.Count >= minimum).MaxBy(b => Math.Abs(b.Observed - b.Predicted));
        return widest is null
            ? reading + "."
            : reading + $"; the widest gap is in the {ReportFormat.Percent(widest.Lower)}-{ReportFormat.Percent(widest.Lower + (1.0 / Bins))} bin "
                + $"({ReportFormat.Percent(widest.Predicted)} predicted, {ReportFormat.Percent(widest.Observed)} observed).";
    }

    private static CalibrationBin[] Bin(ChurnEvaluation churn)
    {
        var sums = new double[Bins];
        var churned = new int[Bins];
        var counts = new int[Bins];
        for (var i = 0; i < churn.Probabilities.Count; i++)
        {
            var p = churn.Probabilities[i];
            var bin = Math.Min((int)(p * Bins), Bins - 1);
            sums[bin] += p;
            counts[bin]++;
            churned[bin] += churn.Churned[i] ? 1 : 0;
        }

        return Enumerable.Range(0, Bins)
            .Where(b => counts[b] > 0)
            .Select(b => new CalibrationBin((double)b / Bins, sums[b] / counts[b], (double)churned[b] / counts[b], counts[b]))
            .ToArray();
    }

    private sealed record CalibrationBin(double Lower, double Predicted, double Observed, int Count);
}
