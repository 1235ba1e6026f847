using ScottPlot;
using SkiaSharp;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// Size, fonts and colours shared by every chart. The font family is picked explicitly from the fonts installed
/// (DejaVu Sans on the Debian CI image) so a chart renders the same on every machine that has it, instead of
/// whatever SkiaSharp's default resolves to.
/// </summary>
internal static class ChartCanvas
{
    public const int Width = 1200;
    public const int Height = 800;
    public const float TitleSize = 24;
    public const float AxisLabelSize = 18;
    public const float TickLabelSize = 15;
    public const float CellTextSize = 15;

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    public static string FontFamily { get; } = PreferredFonts.FirstOrDefault(SKFontManager.Default.GetFontFamilies().Contains) ?? Fonts.Default;

    /// <summary>Category10 colours, one per segment in profile order, so a segment has one colour in every chart.</summary>
    public static Color SegmentColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        // Legends and value labels otherwise pick a font per string (Fonts.Detect), which differs between runs
        // and machines.
        Fonts.Default = FontFamily;
        var plot = new Plot();
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = FontFamily;
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        StyleTicks(plot);
        return plot;
    }

    public static void StyleTicks(Plot plot)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickLabelSize;
        }

        plot.Legend.FontSize = TickLabelSize;
    }

    public static void Save(Plot plot, string path)
    {
        ApplyFont(plot);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Draws several plots on one canvas under a shared title: panels are laid out row-major in a grid of
    /// <paramref name="columns"/> columns.
    /// </summary>
    public static void SavePanels(string title, IReadOnlyList<Plot> panels, int columns, string path)
    {
        const int titleHeight = 56;
        var rows = (panels.Count + columns - 1) / columns;
        var panelWidth = (float)Width / columns;
        var panelHeight = (float)(Height - titleHeight) / rows;

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var font = new SKFont(Fonts.GetTypeface(FontFamily, bold: true, italic: false), TitleSize))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.DrawText(title, Width / 2f, titleHeight * 0.7f, SKTextAlign.Center, font, paint);
        }

        for (var i = 0; i < panels.Count; i++)
        {
            ApplyFont(panels[i]);
            var left = i % columns * panelWidth;
            var top = titleHeight + (i / columns * panelHeight);
            // Plot.Render clears the whole canvas it is given, so each panel is drawn on its own surface first.
            using var panelSurface = SKSurface.Create(new SKImageInfo((int)panelWidth, (int)panelHeight));
            panels[i].Render(panelSurface.Canvas, (int)panelWidth, (int)panelHeight);
            using var panelImage = panelSurface.Snapshot();
            canvas.DrawImage(panelImage, left, top);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static void ApplyFont(Plot plot) =>
        plot.Font.Set(FontFamily, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
}
