using ScottPlot;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>ELBO, BIC, silhouette and within-cluster sum of squares over K, one panel each.</summary>
internal static class ModelSelectionChart
{
    public const string FileName = "model-selection.png";
    private const string Title = "Choosing the number of segments K (dashed line: the K in use)";

    public static ReportChart Render(ModelSelection selection, string outDir)
    {
        var rows = selection.Rows.OrderBy(r => r.MaxComponents).ToArray();
        var panels = new[]
        {
            Panel(rows, r => r.Elbo, "ELBO (higher is better)", "ELBO (nats)", selection.ChosenComponents),
            Panel(rows, r => r.Bic, "BIC (lower is better)", "BIC", selection.ChosenComponents),
            Panel(rows, r => r.Silhouette, "Silhouette (higher is better)", "Mean silhouette", selection.ChosenComponents),
            Panel(rows, r => r.WithinClusterSumOfSquares, "Within-cluster sum of squares (look for the elbow)", "WCSS (standardized units²)", selection.ChosenComponents),
        };
        ChartCanvas.SavePanels(Title, panels, 2, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, Title, Reading(selection));
    }

    public static string Reading(ModelSelection selection)
    {
        var finiteBic = selection.Rows.Where(r => double.IsFinite(r.Bic)).ToArray();
        var finiteSilhouette = selection.Rows.Where(r => double.IsFinite(r.Silhouette)).ToArray();
        var parts = new List<string>();
        if (finiteBic.Length > 0)
        {
            parts.Add($"BIC is lowest at K = {finiteBic.MinBy(r => r.Bic)!.MaxComponents}");
        }

        if (finiteSilhouette.Length > 0)
        {
            var best = finiteSilhouette.MaxBy(r => r.Silhouette)!;
            parts.Add($"the silhouette peaks at K = {best.MaxComponents} ({ReportFormat.Number(best.Silhouette, "0.00")})");
        }

        if (selection.ChosenComponents is { } chosen)
        {
            parts.Add($"the published model uses K = {chosen}");
        }

        var sentence = parts.Count == 0 ? "No finite score was recorded" : string.Join("; ", parts);
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
    }

    private static Plot Panel(IReadOnlyList<ModelSelectionRow> rows, Func<ModelSelectionRow, double> score, string title, string yLabel, int? chosen)
    {
        var plot = ChartCanvas.NewPlot(title, "K (maximum number of segments)", yLabel);
        plot.Axes.Title.Label.FontSize = ChartCanvas.AxisLabelSize;
        var finite = rows.Where(r => double.IsFinite(score(r))).ToArray();
        if (chosen is { } k)
        {
            plot.Add.VerticalLine(k, 2, Colors.Gray, LinePattern.Dashed);
        }

        if (finite.Length > 0)
        {
            var scatter = plot.Add.Scatter(finite.Select(r => (double)r.MaxComponents).ToArray(), finite.Select(score).ToArray(), Colors.SteelBlue);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 9;
        }

        var ks = rows.Select(r => r.MaxComponents).Distinct().OrderBy(k => k).ToArray();
        plot.Axes.Bottom.SetTicks(ks.Select(k => (double)k).ToArray(), ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(ks[0] - 0.5, ks[^1] + 0.5);
        return plot;
    }
}
