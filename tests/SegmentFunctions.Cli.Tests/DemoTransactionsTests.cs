using System.Text.RegularExpressions;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Cli.Tests;

public sealed class DemoTransactionsTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("segment-demo-tx-");

    [Fact]
    public async Task The_CDNOW_sample_runs_through_the_pipeline_as_purchase_events_without_an_ARI()
    {
        var sample = RepositoryPaths.Cdnow("CDNOW_sample.txt");
        var lines = File.ReadLines(sample).Where(l => l.Trim().Length > 0).ToArray();
        var customers = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Distinct().Count();
        // CDNOW has purchases only: the trainer segments it on recency, frequency and spend, under the default gate.
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--transactions", sample, "--format", "cdnow", "--out", _out.FullName);

        Assert.True(exit == ExitCodes.Success, cli.Output);
        Assert.Equal(lines.Length, Figure(cli.Output, "purchase events"));
        Assert.Equal(lines.Length, Figure(cli.Output, "events accepted"));
        Assert.Equal(customers, Figure(cli.Output, "feature documents"));
        // The sample's last purchase is on 1998-06-30: T is the next midnight, the cut-off 90 days earlier.
        Assert.Matches(@"as of \(T\)\s*│\s*1998-07-01", cli.Output);
        Assert.Matches(@"churn cut-off \(T - H\)\s*│\s*1998-04-02 \(H = 90 days\)", cli.Output);
        Assert.Contains("no ARI", cli.Output);
        Assert.DoesNotContain("ARI 0", cli.Output);
        Assert.False(File.Exists(Path.Combine(_out.FullName, "ground-truth.csv")));
        Assert.True(File.Exists(Path.Combine(_out.FullName, "report.html")), cli.Output);
        Assert.Contains("CDNOW_sample.txt: customer segments", await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.html")));
        var summary = await DemoSummaryFile.ReadAsync(_out.FullName);
        Assert.Null(summary.SegmentAgreement);
        Assert.Equal(customers, summary.BatchScored);
    }

    [Fact]
    public async Task A_bad_line_exits_2_naming_the_file_and_the_line()
    {
        var file = Path.Combine(_out.FullName, "bad.txt");
        await File.WriteAllLinesAsync(file, [" 00004 0001 19970101  2   29.33", " 00004 0001 19970118  2   29.73", " 00005 0002 1997-02-30  1   9.99"]);
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--transactions", file, "--format", "cdnow", "--out", Path.Combine(_out.FullName, "run"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("bad.txt, line 3: date '1997-02-30' is not a yyyyMMdd date.", cli.Output);
        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "run", "store")));
    }

    [Fact]
    public async Task A_file_shorter_than_the_horizon_exits_2_with_its_date_range()
    {
        var file = Path.Combine(_out.FullName, "short.csv");
        await File.WriteAllLinesAsync(file, ["customerId,timestamp,amount", "a,2024-01-01,10", "b,2024-02-15,20"]);
        var cli = new CliHarness();

        var exit = await cli.RunAsync("demo", "--transactions", file, "--format", "csv", "--out", _out.FullName);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("covers 2024-01-01 to 2024-02-15, 46 days", cli.Output);
    }

    [Fact]
    public async Task Transactions_without_a_format_are_a_usage_error()
    {
        var cli = new CliHarness();

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("demo", "--transactions", "x.txt", "--out", _out.FullName));
        Assert.Contains("--transactions and --format go together", cli.Output);
    }

    public void Dispose() => _out.Delete(recursive: true);

    private static int Figure(string output, string label)
    {
        var match = Regex.Match(output, $@"{Regex.Escape(label)}\s*│\s*([\d,]+)");
        Assert.True(match.Success, $"'{label}' not in the demo's summary:\n{output}");
        return int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}
