using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("segment-demo-");

    [Fact]
    public async Task A_small_demo_featurizes_every_generated_event_into_its_own_store()
    {
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--customers", "150", "--months", "6", "--seed", "7", "--out", _out.FullName);

        Assert.Equal(ExitCodes.Success, exit);
        var lines = File.ReadAllLines(Path.Combine(_out.FullName, "events-1-before-cutoff.jsonl"))
            .Concat(File.ReadAllLines(Path.Combine(_out.FullName, "events-2-holdout.jsonl")))
            .ToArray();
        Assert.Equal(lines.Length, Figure(cli.Output, "events generated"));
        Assert.Equal(lines.Length, Figure(cli.Output, "events accepted"));
        Assert.Equal(0, Figure(cli.Output, "dead-lettered"));

        var truth = File.ReadAllLines(Path.Combine(_out.FullName, "ground-truth.csv"));
        Assert.Equal(151, truth.Length);

        var customersWithEvents = lines.Select(l => EventParser.Parse(l, DateTimeOffset.MaxValue).Event!.CustomerId).ToHashSet();
        using var store = new SqliteFeatureStore(Path.Combine(_out.FullName, "store", "features.db"));
        var documents = new List<string>();
        await foreach (var document in store.ReadAllAsync(CancellationToken.None))
        {
            documents.Add(document.CustomerId);
        }

        Assert.Equal(customersWithEvents.Order(), documents.Order());
    }

    [Fact]
    public async Task A_second_run_starts_from_an_empty_store_and_gives_the_same_figures()
    {
        var first = new CliHarness();
        var second = new CliHarness();
        string[] args = ["demo", "--customers", "300", "--months", "6", "--seed", "7", "--out", _out.FullName];

        Assert.True(await first.RunAsync(args) == ExitCodes.Success, first.Output);
        Assert.Equal(ExitCodes.Success, await second.RunAsync(args));

        Assert.Equal(Figure(first.Output, "events accepted"), Figure(second.Output, "events accepted"));
        Assert.Equal(0, Figure(second.Output, "duplicates"));
    }

    [Fact]
    public async Task The_demo_writes_the_marketer_report_with_every_chart_it_links_and_names_it_in_the_summary()
    {
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--customers", "300", "--months", "6", "--seed", "7", "--out", _out.FullName);

        Assert.True(exit == ExitCodes.Success, cli.Output);
        var html = Path.Combine(_out.FullName, "report.html");
        Assert.True(File.Exists(html), cli.Output);
        Assert.Matches($@"report\s*│\s*{Regex.Escape(html)}", cli.Output);
        var page = await File.ReadAllTextAsync(html);
        var images = Regex.Matches(page, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        // Sizes, profiles, recency x frequency, model selection, P(alive) and CLV need only the bundle and the documents.
        Assert.True(images.Length >= 6, page);
        Assert.All(images, image =>
        {
            var file = new FileInfo(Path.Combine(_out.FullName, image));
            Assert.True(file.Exists && file.Length > 0, $"{image} is linked from the report but not written");
        });
        Assert.Contains("segment-profiles.png", images);
        Assert.Contains("model-selection.png", images);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_fails_naming_the_step()
    {
        Directory.CreateDirectory(Path.Combine(_out.FullName, "report.html"));
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--customers", "300", "--months", "6", "--seed", "7", "--out", _out.FullName);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Step 'write the report' failed", cli.Output);
    }

    [Fact]
    public async Task A_configured_store_is_used_instead_of_the_demo_folder()
    {
        var dataDir = Path.Combine(_out.FullName, "configured");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = dataDir })
            .Build();
        var cli = new CliHarness(configuration: configuration);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("demo", "--customers", "300", "--months", "6", "--seed", "7", "--out", Path.Combine(_out.FullName, "run")));

        Assert.True(File.Exists(Path.Combine(dataDir, "features.db")));
        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "run", "store")));
    }

    [Fact]
    public async Task A_shop_too_small_to_train_on_fails_naming_the_step()
    {
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--customers", "3", "--months", "6", "--out", _out.FullName);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Step 'train models' failed", cli.Output);
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

    private static int Figure(string output, string label)
    {
        var match = Regex.Match(output, $@"{Regex.Escape(label)}\s*│\s*([\d,]+)");
        Assert.True(match.Success, $"'{label}' not in the demo's summary:\n{output}");
        return int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}
