using System.Text.Json;
using SegmentFunctions.Cli.Bench;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Unknown_benchmark_name_exits_2_listing_the_known_ones()
    {
        var cli = new CliHarness(benchmarks: [new FixedBenchmark("alpha"), new FixedBenchmark("beta")]);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("bench", "--only", "gamma"));
        Assert.Contains("Unknown benchmark(s): gamma. Known: alpha, beta.", cli.Output);
    }

    [Fact]
    public async Task Only_runs_the_named_benchmark_with_the_requested_settings_and_writes_json_with_ratios()
    {
        var alpha = new FixedBenchmark("alpha");
        var beta = new FixedBenchmark("beta");
        var cli = new CliHarness(benchmarks: [alpha, beta]);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("bench", "--only", "BETA", "--quick", "--repetitions", "3", "--json"));

        Assert.Null(alpha.RanWith);
        Assert.Equal(new BenchSettings(true, 3, beta.RanWith!.Seed), beta.RanWith);
        using var json = JsonDocument.Parse(cli.Json);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("beta", row.GetProperty("benchmark").GetString());
        Assert.Equal(20.0, row.GetProperty("median").GetDouble());
        Assert.Equal(0.5, row.GetProperty("ratio").GetDouble());
    }

    [Fact]
    public async Task The_table_shows_how_often_each_figure_was_measured_rather_than_the_requested_repetitions()
    {
        var cli = new CliHarness(benchmarks: [new FixedBenchmark("alpha", measured: 1)]);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("bench", "--repetitions", "5"));

        Assert.DoesNotContain("5 repetitions", cli.Output);
        Assert.Contains("median of its n measurements", cli.Output);
        Assert.Matches(@"time per batch\s*│\s*20\s*│\s*1\s*│", cli.Output);
    }

    [Fact]
    public async Task The_table_shows_median_baseline_and_ratio()
    {
        var cli = new CliHarness(benchmarks: [new FixedBenchmark("alpha")]);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("bench"));

        Assert.Contains("alpha", cli.Output);
        Assert.Contains("0.50x", cli.Output);
        Assert.Contains("40", cli.Output);
        Assert.Contains("naive", cli.Output);
    }

    [Fact]
    public async Task Zero_repetitions_exit_2()
    {
        var cli = new CliHarness(benchmarks: [new FixedBenchmark("alpha")]);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("bench", "--repetitions", "0"));
        Assert.Contains("--repetitions must be between 1 and 1000", cli.Output);
    }

    [Fact]
    public async Task Customers_shards_and_fresh_reach_the_benchmark()
    {
        var alpha = new FixedBenchmark("alpha");
        var cli = new CliHarness(benchmarks: [alpha]);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("bench", "--customers", "2000", "--shards", "2", "--fresh", "--json"));

        Assert.Equal(new BenchSettings(false, 5, alpha.RanWith!.Seed, Customers: 2_000, Shards: 2, Fresh: true), alpha.RanWith);
    }

    [Theory]
    [InlineData("--customers", "0")]
    [InlineData("--shards", "0")]
    public async Task A_size_that_is_not_positive_exits_2(string option, string value)
    {
        var cli = new CliHarness(benchmarks: [new FixedBenchmark("alpha")]);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("bench", option, value));
        Assert.Contains($"{option} must be between 1 and", cli.Output);
    }

    /// <summary>A benchmark whose figures are given, so the test checks what the command does with them.</summary>
    /// <param name="measured">How often the figure says it was measured; the requested repetitions when null.</param>
    private sealed class FixedBenchmark(string name, int? measured = null) : IBenchmark
    {
        public string Name => name;

        public BenchSettings? RanWith { get; private set; }

        public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
        {
            RanWith = settings;
            return Task.FromResult<IReadOnlyList<BenchFigure>>(
                [new BenchFigure(name, "time per batch", 20.0, "ms", measured ?? settings.Repetitions, 40.0, "naive", "< 0.8x baseline")]);
        }
    }
}
