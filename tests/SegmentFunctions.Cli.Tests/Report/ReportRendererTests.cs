using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Report.Charts;

namespace SegmentFunctions.Cli.Tests.Report;

public sealed class ReportRendererTests
{
    private static readonly string[] AllCharts =
    [
        SegmentSizeChart.FileName, SegmentProfileChart.FileName, RecencyFrequencyChart.FileName, ModelSelectionChart.FileName,
        ChurnCalibrationChart.FileName, ChurnGainsChart.FileName, ChurnDriverChart.FileName, AliveHeatmapChart.FileName,
        LifetimeValueChart.FileName, SegmentFlowChart.FileName,
    ];

    private static readonly ReportRenderer Renderer = new(NullLogger<ReportRenderer>.Instance);

    [Fact]
    public async Task Full_report_has_every_chart_as_a_1200x800_png()
    {
        using var folder = new TempFolder();

        var report = await Renderer.RenderAsync(SyntheticReport.Create(), folder.Path, CancellationToken.None);

        Assert.Equal(AllCharts.Order(), report.Charts.Select(c => c.FileName).Order());
        Assert.Empty(report.Omitted);
        foreach (var chart in AllCharts)
        {
            Assert.Equal((1200, 800), PngHeader.Read(Path.Combine(folder.Path, chart)));
        }
    }

    [Fact]
    public async Task Html_shows_every_chart_with_its_reading_and_encoded_segment_names()
    {
        using var folder = new TempFolder();

        var report = await Renderer.RenderAsync(SyntheticReport.Create(), folder.Path, CancellationToken.None);
        var html = await File.ReadAllTextAsync(report.HtmlPath);

        foreach (var chart in report.Charts)
        {
            Assert.Contains($"<img src=\"{chart.FileName}\"", html, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(chart.Reading), html, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(chart.Reading));
        }

        foreach (var name in SyntheticReport.Names)
        {
            Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        }

        Assert.Contains("Loyal &amp; &lt;regular&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(SyntheticReport.TrickyName, html, StringComparison.Ordinal);
        Assert.Contains("Customer segments &amp; churn", html, StringComparison.Ordinal);
        Assert.Contains("grade ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readings_follow_the_data()
    {
        var original = SyntheticReport.Create();
        var profiles = original.Segments.Profiles;
        // Give the "Lost" segment nearly all revenue: the size reading must name it and its share.
        var shifted = profiles.Segments
            .Select(p => p with { RevenueShare = p.Segment == 3 ? 0.91 : 0.03 })
            .ToArray();
        var changed = original with { Segments = original.Segments with { Profiles = profiles with { Segments = shifted } } };
        using var first = new TempFolder();
        using var second = new TempFolder();

        var before = await Renderer.RenderAsync(original, first.Path, CancellationToken.None);
        var after = await Renderer.RenderAsync(changed, second.Path, CancellationToken.None);

        var sizesBefore = before.Charts.Single(c => c.FileName == SegmentSizeChart.FileName).Reading;
        var sizesAfter = after.Charts.Single(c => c.FileName == SegmentSizeChart.FileName).Reading;
        Assert.StartsWith("Champions are 10% of customers", sizesBefore, StringComparison.Ordinal);
        Assert.StartsWith("Lost are 47% of customers and bring 91% of revenue.", sizesAfter, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(sizesAfter), await File.ReadAllTextAsync(after.HtmlPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Churn_readings_follow_the_holdout()
    {
        var churn = SyntheticReport.Churn(new Random(3));
        var inverted = churn with { Probabilities = churn.Probabilities.Select(p => 1 - p).ToArray() };

        var gains = ChurnGainsChart.Reading(churn);
        var invertedGains = ChurnGainsChart.Reading(inverted);

        Assert.NotEqual(gains, invertedGains);
        Assert.Contains($"hold {ReportFormat.Percent(ChurnGainsChart.Reached(churn.Probabilities, churn.Churned, 0.2))} of churners", gains, StringComparison.Ordinal);
        Assert.True(ChurnGainsChart.Reached(churn.Probabilities, churn.Churned, 0.2) > 0.3);
        Assert.True(ChurnGainsChart.Reached(inverted.Probabilities, inverted.Churned, 0.2) < 0.1);
        Assert.NotEqual(ChurnCalibrationChart.Reading(churn), ChurnCalibrationChart.Reading(inverted));
    }

    [Fact]
    public void Model_selection_and_flow_readings_name_the_extremes()
    {
        var data = SyntheticReport.Create();

        Assert.Equal(
            "BIC is lowest at K = 4; the silhouette peaks at K = 3 (0.44); the published model uses K = 4.",
            ModelSelectionChart.Reading(data.ModelSelection!));
        Assert.Equal(
            "86% of customers stayed in their segment; the largest move was 20 customers from At risk to Lost.",
            SegmentFlowChart.Reading(data.Segments, data.Flows!));
    }

    [Fact]
    public async Task Missing_optional_parts_are_left_out_with_a_note()
    {
        var data = SyntheticReport.Create() with { Churn = null, Drivers = [], Flows = null, ModelSelection = null };
        using var folder = new TempFolder();

        var report = await Renderer.RenderAsync(data, folder.Path, CancellationToken.None);
        var html = await File.ReadAllTextAsync(report.HtmlPath);

        string[] absent = [ChurnCalibrationChart.FileName, ChurnGainsChart.FileName, ChurnDriverChart.FileName, SegmentFlowChart.FileName, ModelSelectionChart.FileName];
        foreach (var chart in absent)
        {
            Assert.False(File.Exists(Path.Combine(folder.Path, chart)), chart);
            Assert.DoesNotContain(chart, html, StringComparison.Ordinal);
        }

        Assert.Equal(4, report.Omitted.Count);
        foreach (var note in report.Omitted)
        {
            Assert.Contains(WebUtility.HtmlEncode(note), html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Churn model quality", html, StringComparison.Ordinal);
        Assert.Equal(AllCharts.Length - absent.Length, Directory.GetFiles(folder.Path, "*.png").Length);
    }

    [Fact]
    public async Task Inconsistent_churn_data_is_refused_before_anything_is_written()
    {
        var data = SyntheticReport.Create();
        data = data with { Churn = data.Churn! with { Churned = data.Churn.Churned.Take(10).ToArray() } };
        using var folder = new TempFolder();

        var error = await Assert.ThrowsAsync<ReportDataException>(() => Renderer.RenderAsync(data, folder.Path, CancellationToken.None));

        Assert.Contains("600 probabilities but 10 labels", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Scatter_draws_a_fixed_sample_of_at_most_5000_customers()
    {
        var many = Enumerable.Range(0, 12_000).Select(i => new CustomerPoint(i, 1 + (i % 30), i % 4)).ToArray();

        var sample = RecencyFrequencyChart.Sample(many);

        Assert.Equal(CustomerPoint.MaxPlotted, sample.Count);
        Assert.Equal(sample, RecencyFrequencyChart.Sample(many));
        Assert.Equal(CustomerPoint.MaxPlotted, sample.Distinct().Count());
        Assert.EndsWith("5,000 of 12,000 customers drawn.", RecencyFrequencyChart.Reading(SyntheticReport.Create().Segments, many), StringComparison.Ordinal);
    }
}
