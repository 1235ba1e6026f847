using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SegmentFunctions.Cli.Bench;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment bench [--quick] [--large] [--only NAME] [--json] [--repetitions N] [--customers N] [--shards N] [--fresh]`:
/// runs the benchmarks of <see cref="BenchCatalog.All"/> and prints each figure's median next to its baseline's median
/// from the same run.
/// </summary>
internal sealed class BenchCommand(IReadOnlyList<IBenchmark> catalog, IAnsiConsole console, TextWriter jsonOut)
{
    private const int DefaultRepetitions = 5;
    private const int Seed = 20_250_501;

    private readonly Option<bool> _quick = new("--quick") { Description = "Small data sizes: a smoke run that finishes in seconds." };
    private readonly Option<bool> _large = new("--large") { Description = "Large data sizes where a benchmark has them: the full retrain at 1M customers." };
    private readonly Option<string[]> _only = new("--only") { Description = "Run only the named benchmark(s).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _customers = new("--customers") { Description = "Customers of the scale benchmark's synthetic snapshot (default 10,000,000; 10,000 with --quick)." };
    private readonly Option<int?> _shards = new("--shards") { Description = "Shards of the scale benchmark's snapshot (default Snapshots:Shards, 4)." };
    private readonly Option<bool> _fresh = new("--fresh") { Description = "Generate the scale benchmark's cached snapshots again." };
    private readonly Option<bool> _json = new("--json") { Description = "Write the figures as JSON to standard output instead of a table." };

    private readonly Option<int> _repetitions = new("--repetitions", "-n")
    {
        Description = "Measurements per figure; the median is reported.",
        DefaultValueFactory = _ => DefaultRepetitions,
    };

    public Command Create()
    {
        _repetitions.InRange(1, 1_000);
        _customers.InRange(1, int.MaxValue);
        _shards.InRange(1, 1_000);
        _only.Validators.Add(result =>
        {
            var unknown = result.Tokens.Select(t => t.Value).Where(name => !catalog.Any(b => Matches(b, name))).ToArray();
            if (unknown.Length > 0)
            {
                result.AddError($"Unknown benchmark(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", catalog.Select(b => b.Name))}.");
            }
        });

        var command = new Command("bench", "Run the benchmarks and print medians against their baselines.")
        {
            _quick, _large, _only, _json, _repetitions, _customers, _shards, _fresh,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new BenchSettings(
                parseResult.GetValue(_quick), parseResult.GetValue(_repetitions), Seed, parseResult.GetValue(_large),
                parseResult.GetValue(_customers), parseResult.GetValue(_shards), parseResult.GetValue(_fresh)),
            parseResult.GetValue(_only) ?? [],
            parseResult.GetValue(_json),
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(BenchSettings settings, string[] only, bool json, CancellationToken cancellationToken)
    {
        var selected = catalog.Where(b => only.Length == 0 || only.Any(name => Matches(b, name))).ToArray();
        if (selected.Length == 0 && !json)
        {
            console.MarkupLine("[yellow]No benchmarks are registered in BenchCatalog.All.[/]");
        }

        var rows = new List<BenchReportRow>();
        foreach (var benchmark in selected)
        {
            if (!json)
            {
                console.MarkupLineInterpolated($"[grey]running {benchmark.Name}...[/]");
            }

            try
            {
                rows.AddRange((await benchmark.RunAsync(settings, cancellationToken)).Select(BenchReportRow.From));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CommandRunner.Fail(console, ExitCodes.Failure, $"Benchmark {benchmark.Name} failed: {ex.Message}");
            }
        }

        if (json)
        {
            await jsonOut.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<BenchReportRow>>(rows, BenchJsonContext.Default.IReadOnlyListBenchReportRow));
        }
        else
        {
            WriteTable(rows, settings);
        }

        return ExitCodes.Success;
    }

    private void WriteTable(IReadOnlyList<BenchReportRow> rows, BenchSettings settings)
    {
        var table = new Table()
            .Title($"segment bench ({(settings.Quick ? "quick" : "full")}; each figure the median of its n measurements)")
            .AddColumns("benchmark", "metric", "median", "n", "unit", "baseline median", "ratio", "goal", "baseline");
        foreach (var row in rows)
        {
            // A figure reports how often it was measured: a run-once benchmark (a full retrain) ignores --repetitions.
            table.AddRow(
                Markup.Escape(row.Benchmark),
                Markup.Escape(row.Metric),
                Number(row.Median),
                row.Repetitions.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(row.Unit),
                row.BaselineMedian is { } baseline ? Number(baseline) : "-",
                row.Ratio is { } ratio ? ratio.ToString("0.00x", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(row.Goal ?? "-"),
                Markup.Escape(row.Baseline ?? "-"));
        }

        console.Write(table);
    }

    private static bool Matches(IBenchmark benchmark, string name) => string.Equals(benchmark.Name, name, StringComparison.OrdinalIgnoreCase);

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "G4", CultureInfo.InvariantCulture);
}
