using ScottPlot;

namespace SegmentFunctions.Cli.Report.Charts;

/// <summary>
/// A labelled matrix drawn as a heat map with its value written in each cell: row 0 at the top, column 0 at the left,
/// cell (i, j) centred on (j, rows - 1 - i).
/// </summary>
internal static class CellGrid
{
    public static ScottPlot.Plottables.Heatmap Draw(
        Plot plot,
        double[,] values,
        IReadOnlyList<string> rowLabels,
        IReadOnlyList<string> columnLabels,
        Func<double, string> cellText,
        IColormap colormap,
        ScottPlot.Range range,
        string colorBarLabel)
    {
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = range;
        heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = colorBarLabel;
        colorBar.LabelStyle.FontSize = ChartCanvas.AxisLabelSize;
        colorBar.Axis.TickLabelStyle.FontSize = ChartCanvas.TickLabelSize;

        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var text = plot.Add.Text(cellText(values[i, j]), j, rows - 1 - i);
                text.LabelFontSize = ChartCanvas.CellTextSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = ContrastingText(colormap, range, values[i, j]);
                text.LabelBold = true;
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(j => (double)j).ToArray(), columnLabels.ToArray());
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, rows).Select(i => (double)(rows - 1 - i)).ToArray(), rowLabels.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        return heatmap;
    }

    /// <summary>Black on light cells, white on dark ones (relative luminance, ITU-R BT.709 weights).</summary>
    private static Color ContrastingText(IColormap colormap, ScottPlot.Range range, double value)
    {
        if (double.IsNaN(value))
        {
            return Colors.Black;
        }

        var cell = colormap.GetColor(value, range);
        var luminance = (0.2126 * cell.R) + (0.7152 * cell.G) + (0.0722 * cell.B);
        return luminance > 140 ? Colors.Black : Colors.White;
    }
}
