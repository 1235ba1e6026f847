using Microsoft.Extensions.Logging;
using SegmentFunctions.Cli.Report.Charts;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// Writes the marketer's report into a folder: <c>report.html</c> with inline CSS and the PNG charts it shows, as
/// relative links to files next to it. Relative PNGs rather than base64 data URIs keep the page small and each chart
/// reusable on its own (slides, tickets); copy the folder as a whole.
/// </summary>
internal sealed class ReportRenderer(ILogger<ReportRenderer> logger)
{
    public const string HtmlFileName = "report.html";

    /// <exception cref="ReportDataException">The data is inconsistent; nothing is written.</exception>
    public async Task<RenderedReport> RenderAsync(ReportData data, string outDir, CancellationToken cancellationToken)
    {
        ReportDataValidator.Validate(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        Directory.CreateDirectory(outDir);

        var charts = new List<ReportChart>();
        var omitted = new List<string>();
        async Task Draw(Func<ReportChart> render)
        {
            var chart = await Task.Run(render, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("Report chart {File} written: {Reading}", chart.FileName, chart.Reading);
            charts.Add(chart);
        }

        var segments = data.Segments;
        await Draw(() => SegmentSizeChart.Render(segments, outDir)).ConfigureAwait(false);
        await Draw(() => SegmentProfileChart.Render(segments, outDir)).ConfigureAwait(false);

        if (data.Customers.Count > 0)
        {
            await Draw(() => RecencyFrequencyChart.Render(segments, data.Customers, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("No per-customer points were given, so the recency x frequency chart is left out.");
        }

        if (data.ModelSelection is { Rows.Count: > 0 } selection)
        {
            await Draw(() => ModelSelectionChart.Render(selection, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("No model selection scores were recorded, so the choice of K is not shown.");
        }

        if (data.Churn is { } churn)
        {
            await Draw(() => ChurnCalibrationChart.Render(churn, outDir)).ConfigureAwait(false);
            await Draw(() => ChurnGainsChart.Render(churn, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("This model has no churn classifier evaluation, so calibration and gains are left out.");
        }

        if (data.Drivers.Count > 0)
        {
            await Draw(() => ChurnDriverChart.Render(data.Drivers, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("No churn drivers (feature importance) were given.");
        }

        if (data.Alive is { } alive)
        {
            await Draw(() => AliveHeatmapChart.Render(alive, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("No BG/NBD model was given, so the P(alive) map is left out.");
        }

        if (data.LifetimeValues is { Customers.Count: > 0 } values)
        {
            await Draw(() => LifetimeValueChart.Render(segments, values, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("No customer lifetime values were given, so the CLV distribution is left out.");
        }

        if (data.Flows is { } flows)
        {
            await Draw(() => SegmentFlowChart.Render(segments, flows, outDir)).ConfigureAwait(false);
        }
        else
        {
            omitted.Add("There is no previous model to compare with, so segment moves are not shown.");
        }

        var htmlPath = Path.Combine(outDir, HtmlFileName);
        await File.WriteAllTextAsync(htmlPath, ReportHtmlWriter.Write(data, charts, omitted), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Report written to {Path} with {Charts} charts, {Omitted} parts omitted", htmlPath, charts.Count, omitted.Count);
        return new RenderedReport(htmlPath, charts, omitted);
    }
}
