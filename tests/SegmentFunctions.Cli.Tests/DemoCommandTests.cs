using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Composition;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Tests;

public sealed class DemoCommandTests(DemoEndToEndFixture demo) : IClassFixture<DemoEndToEndFixture>, IDisposable
{
    /// <summary>
    /// The segmentation must recover the generator's segments: the issue's target is 0.9 for the default demo (20,000
    /// customers, 18 months: 0.92), and this small one (2,000 customers, 9 months, seed 7) gets 0.87: customers who drop
    /// out stop visiting and opening e-mails, and in a 9-month shop many lapse with only a handful of events, which
    /// blurs their segment. A random labelling has an expected ARI of 0.
    /// </summary>
    private const double MinimumAgreement = 0.85;

    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("segment-demo-");

    [Fact]
    public async Task The_demo_featurizes_every_generated_event_into_its_own_store()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        var lines = File.ReadAllLines(Path.Combine(demo.Out, "events-1-before-cutoff.jsonl"))
            .Concat(File.ReadAllLines(Path.Combine(demo.Out, "events-2-holdout.jsonl")))
            .ToArray();
        Assert.Equal(lines.Length, demo.Summary.Events);
        Assert.Equal(lines.Length, demo.Summary.EventsAccepted);
        Assert.Equal(0, demo.Summary.DeadLettered);
        Assert.Equal(lines.Length, Figure(demo.Output, "events accepted"));
        Assert.Equal(DemoEndToEndFixture.Customers + 1, File.ReadAllLines(Path.Combine(demo.Out, "ground-truth.csv")).Length);

        var customersWithEvents = lines.Select(l => EventParser.Parse(l, DateTimeOffset.MaxValue).Event!.CustomerId).ToHashSet();
        using var store = new SqliteFeatureStore(Path.Combine(demo.Store, "features.db"));
        var documents = new List<string>();
        await foreach (var document in store.ReadAllAsync(CancellationToken.None))
        {
            documents.Add(document.CustomerId);
        }

        Assert.Equal(customersWithEvents.Order(), documents.Order());
        Assert.Equal(customersWithEvents.Count, demo.Summary.BatchScored);
    }

    [Fact]
    public void The_run_publishes_a_model_that_finds_the_true_segments_and_beats_the_churn_baseline()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        var summary = demo.Summary;
        Assert.Equal(RetrainOutcome.Published, summary.Outcome);
        Assert.InRange(summary.SegmentsFound, 2, 10);
        Assert.Equal(summary.SegmentsFound, summary.Segments.Count(s => s.Customers > 0));
        Assert.Equal(1.0, summary.Segments.Sum(s => s.CustomerShare), 6);
        Assert.NotNull(summary.SegmentAgreement);
        Assert.True(summary.SegmentAgreement >= MinimumAgreement, $"ARI {summary.SegmentAgreement}");
        Assert.NotNull(summary.Churn);
        Assert.True(summary.Churn.RocAuc > summary.Churn.BaselineRocAuc, $"classifier AUC {summary.Churn.RocAuc} vs baseline {summary.Churn.BaselineRocAuc}");
        Assert.NotEmpty(summary.TopDrivers);
        Assert.Matches($@"ARI {summary.SegmentAgreement:0.00}", demo.Output);
    }

    [Fact]
    public async Task The_demo_writes_the_report_with_every_chart_it_links()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        var html = Path.Combine(demo.Out, "report.html");
        Assert.Equal(html, demo.Summary.ReportPath);
        Assert.Matches($@"report\s*│\s*{Regex.Escape(html)}", demo.Output);
        var images = Images(await File.ReadAllTextAsync(html));
        Assert.Equal(demo.Summary.Charts.Order(), images.Order());
        Assert.All(images, image => Assert.True(new FileInfo(Path.Combine(demo.Out, image)) is { Exists: true, Length: > 0 }, image));
        // With a classifier, every chart but segment flows (no previous model) is drawn.
        Assert.Equal(
            ["churn-calibration.png", "churn-drivers.png", "churn-gains.png", "lifetime-value.png", "model-selection.png",
             "probability-alive.png", "recency-frequency.png", "segment-profiles.png", "segment-sizes.png"],
            images.Order());
    }

    [Fact]
    public async Task Segment_report_rebuilds_the_same_report_from_the_registry_and_the_snapshots()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        await using var services = CliServices.Build(new ConfigurationBuilder().Build(), new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = demo.Store });
        var cli = new CliHarness(services);
        var reportDir = Path.Combine(_out.FullName, "report");

        var exit = await cli.RunAsync("report", "--out", reportDir);

        Assert.True(exit == ExitCodes.Success, cli.Output);
        Assert.Contains($"Model {demo.Summary.ModelVersion}", cli.Output);
        Assert.Equal(demo.Summary.Charts.Order(), Images(await File.ReadAllTextAsync(Path.Combine(reportDir, "report.html"))).Order());
    }

    [Fact]
    public async Task Segment_runs_lists_the_demo_run_and_shows_what_it_published()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        await using var services = CliServices.Build(new ConfigurationBuilder().Build(), new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = demo.Store });
        var list = new CliHarness(services);
        var one = new CliHarness(services);

        Assert.Equal(ExitCodes.Success, await list.RunAsync("runs"));
        Assert.Equal(ExitCodes.Success, await one.RunAsync("runs", demo.Summary.RunId));

        Assert.Matches($@"{Regex.Escape(demo.Summary.RunId)}\s*│\s*Completed\s*│\s*done", list.Output);
        Assert.Contains($"published {demo.Summary.ModelVersion}", list.Output);
        Assert.Matches(@"status\s*│\s*Completed", one.Output);
        Assert.Contains($"published {demo.Summary.ModelVersion}; it serves now", one.Output);
    }

    [Fact]
    public async Task Segment_snapshot_writes_every_document_and_prints_its_id_rows_and_hash()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        await using var services = CliServices.Build(new ConfigurationBuilder().Build(), new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = demo.Store });
        var cli = new CliHarness(services);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("snapshot"));

        var id = Regex.Match(cli.Output, @"id\s*│\s*(s[0-9a-z-]+-cli)");
        Assert.True(id.Success, cli.Output);
        Assert.True(File.Exists(Path.Combine(demo.Store, "blobs", "snapshots", id.Groups[1].Value, "manifest.json")), cli.Output);
        Assert.Equal(demo.Summary.BatchScored, Figure(cli.Output, "rows"));
        Assert.Matches(@"sha256\s*│\s*[0-9a-f]{64}", cli.Output);
    }

    [Fact]
    public async Task Segment_retrain_without_churn_labels_keeps_the_serving_model_and_says_why()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        await using var services = CliServices.Build(new ConfigurationBuilder().Build(), new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = demo.Store });
        var cli = new CliHarness(services);

        var exit = await cli.RunAsync("retrain");

        // Today is long after the shop's last event: no snapshot lies near today - H, so there are no labels to
        // compare a challenger with, and an unforced run keeps the champion.
        Assert.True(exit == ExitCodes.Success, cli.Output);
        Assert.Contains($"kept champion {demo.Summary.ModelVersion}", cli.Output);
        Assert.Contains("no snapshot within 7 days of T - H", cli.Output);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_fails_naming_the_step()
    {
        Assert.True(demo.ExitCode == ExitCodes.Success, demo.Output);
        Directory.CreateDirectory(Path.Combine(_out.FullName, "report.html"));
        await using var services = CliServices.Build(new ConfigurationBuilder().Build(), new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = demo.Store });
        var cli = new CliHarness(services);

        var exit = await cli.RunAsync("report", "--out", _out.FullName);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Step 'write the report' failed", cli.Output);
    }

    [Fact]
    public async Task A_shop_too_small_to_train_on_fails_at_the_retraining_step_in_the_configured_store()
    {
        var dataDir = Path.Combine(_out.FullName, "configured");
        var cli = new CliHarness(configuration: new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = dataDir })
            .Build());

        var exit = await cli.RunAsync("demo", "--customers", "3", "--months", "6", "--out", Path.Combine(_out.FullName, "run"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Step 'retrain' failed", cli.Output);
        Assert.True(File.Exists(Path.Combine(dataDir, "features.db")));
        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "run", "store")));
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_exits_2()
    {
        var file = Path.Combine(_out.FullName, "taken");
        await File.WriteAllTextAsync(file, "x");
        var cli = new CliHarness();

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("demo", "--out", file));
        Assert.Contains("is a file", cli.Output);
    }

    public void Dispose() => _out.Delete(recursive: true);

    private static string[] Images(string page) =>
        [.. Regex.Matches(page, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static int Figure(string output, string label)
    {
        var match = Regex.Match(output, $@"{Regex.Escape(label)}\s*│\s*([\d,]+)");
        Assert.True(match.Success, $"'{label}' not in the demo's summary:\n{output}");
        return int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}
