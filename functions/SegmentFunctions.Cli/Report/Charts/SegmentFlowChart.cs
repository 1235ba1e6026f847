namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// Customers per (previous segment, current segment) as a heat map with the count in each cell, white (none) to dark
/// blue (most).
/// </summary>
internal static class SegmentFlowChart
{
    public const string FileName = "segment-flows.png";

    public static ReportChart Render(ReportSegments segments, SegmentFlows flows, string outDir)
    {
        var title = $"Segment moves since model {flows.PreviousModelVersion}";
        var matrix = flows.Matrix;
        var values = new double[matrix.FromIds.Count, matrix.ToIds.Count];
        for (var i = 0; i < matrix.FromIds.Count; i++)
        {
            for (var j = 0; j < matrix.ToIds.Count; j++)
            {
                values[i, j] = matrix.Counts[i][j];
            }
        }

        var plot = ChartCanvas.NewPlot(title, "Current segment", "Previous segment");
        CellGrid.Draw(
            plot, values,
            matrix.FromIds.Select(id => ReportFormat.Wrap(flows.PreviousNameOf(id))).ToArray(),
            matrix.ToIds.Select(id => ReportFormat.Wrap(segments.NameOf(id))).ToArray(),
            v => ReportFormat.Count((long)v),
            ScottPlot.Colormap.FromColors([ScottPlot.Colors.White, ScottPlot.Color.FromHex("#9ecae1"), ScottPlot.Color.FromHex("#08519c")], smooth: true), new ScottPlot.Range(0, Math.Max(1, values.Cast<double>().Max())),
            "Customers");
        ChartCanvas.Save(plot, Path.Combine(outDir, FileName));
        return new ReportChart(FileName, title, Reading(segments, flows));
    }

    public static string Reading(ReportSegments segments, SegmentFlows flows)
    {
        var matrix = flows.Matrix;
        long total = 0, stayed = 0;
        (int From, int To, int Count) largestMove = (0, 0, 0);
        for (var i = 0; i < matrix.FromIds.Count; i++)
        {
            for (var j = 0; j < matrix.ToIds.Count; j++)
            {
                var count = matrix.Counts[i][j];
                total += count;
                if (matrix.FromIds[i] == matrix.ToIds[j])
                {
                    stayed += count;
                }
                else if (count > largestMove.Count)
                {
                    largestMove = (matrix.FromIds[i], matrix.ToIds[j], count);
                }
            }
        }

        var reading = $"{ReportFormat.Percent(total > 0 ? (double)stayed / total : double.NaN)} of customers stayed in their segment";
        return largestMove.Count == 0
            ? reading + "."
            : reading + $"; the largest move was {ReportFormat.Count(largestMove.Count)} customers from "
                + $"{flows.PreviousNameOf(largestMove.From)} to {segments.NameOf(largestMove.To)}.";
    }
}
