using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// Cumulative gains: contacting the top x% of customers by score reaches y% of the churners, for the model, the
/// recency baseline and random selection (the diagonal).
/// </summary>
internal static class ChurnGainsChart
{
    public const string FileName = "churn-gains.png";
    private const double ReadingShare = 0.2;
    private const int MaxCurvePoints = 400;

    public static ReportChart Render(ChurnEvaluation churn, string outDir)
    {
        var title = $"Churners reached by contacting the riskiest customers (grade {churn.Quality.Grade})";
        var plot = ChartCanvas.NewPlot(title, "Customers contacted, riskiest first (%)", "Churners reached (%)");
        var random = plot.Add.Line(0, 0, 100, 100);
        random.LineColor = Colors.Gray;
        random.LinePattern = LinePattern.Dashed;
        random.LineWidth = 2;
        random.LegendText = "Random selection";
        if (churn.BaselineScores is { } baseline)
        {
            AddCurve(plot, baseline, churn.Churned, Colors.SteelBlue, $"Recency baseline (AUC {ReportFormat.Number(churn.Quality.Baseline.RocAuc, "0.00")})");
        }

        AddCurve(plot, churn.Probabilities, churn.Churned, Colors.Crimson, $"Churn model (AUC {ReportFormat.Number(churn.Quality.Model.RocAuc, "0.00")})");
        plot.Axes.SetLimits(0, 100, 0, 102);
        plot.ShowLegend(Alignment.LowerRight);
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, title, Reading(churn));
    }

    public static string Reading(ChurnEvaluation churn)
    {
        var model = Reached(churn.Probabilities, churn.Churned, ReadingShare);
        var baseline = churn.BaselineScores is { } scores
            ? $", the recency baseline {ReportFormat.Percent(Reached(scores, churn.Churned, ReadingShare))}"
            : string.Empty;
        return $"Grade {churn.Quality.Grade} (AUC {ReportFormat.Number(churn.Quality.Model.RocAuc, "0.00")} vs "
            + $"{ReportFormat.Number(churn.Quality.Baseline.RocAuc, "0.00")} for the baseline): the riskiest "
            + $"{ReportFormat.Percent(ReadingShare)} by model score hold {ReportFormat.Percent(model)} of churners{baseline}, "
            + $"random selection {ReportFormat.Percent(ReadingShare)}.";
    }

    /// <summary>Share of churners among the first <paramref name="share"/> of customers by descending score.</summary>
    internal static double Reached(IReadOnlyList<double> scores, IReadOnlyList<bool> churned, double share)
    {
        var gains = Gains(scores, churned);
        return gains[(int)Math.Round(share * (gains.Length - 1))];
    }

    /// <summary>gains[k] = share of churners among the k highest-scored customers (ties in input order).</summary>
    private static double[] Gains(IReadOnlyList<double> scores, IReadOnlyList<bool> churned)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var total = Math.Max(1, churned.Count(c => c));
        var gains = new double[order.Length + 1];
        for (var k = 0; k < order.Length; k++)
        {
            gains[k + 1] = gains[k] + ((churned[order[k]] ? 1.0 : 0.0) / total);
        }

        return gains;
    }

    private static void AddCurve(Plot plot, IReadOnlyList<double> scores, IReadOnlyList<bool> churned, Color color, string label)
    {
        var gains = Gains(scores, churned);
        var step = Math.Max(1, gains.Length / MaxCurvePoints);
        var indices = Enumerable.Range(0, gains.Length).Where(k => k % step == 0 || k == gains.Length - 1).ToArray();
        var curve = plot.Add.ScatterLine(
            indices.Select(k => 100.0 * k / (gains.Length - 1)).ToArray(), indices.Select(k => gains[k] * 100).ToArray(), color);
        curve.LineWidth = 3;
        curve.LegendText = label;
    }
}
