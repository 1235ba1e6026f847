using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Composition;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("segment-report-");

    [Fact]
    public async Task A_store_without_a_published_model_exits_1_saying_what_to_run()
    {
        await using var services = CliServices.Build(
            new ConfigurationBuilder().Build(),
            new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = Path.Combine(_dir.FullName, "store") });
        var cli = new CliHarness(services);

        var exit = await cli.RunAsync("report", "--out", Path.Combine(_dir.FullName, "report"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("No model has been published to the configured store yet", cli.Output);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "report", "report.html")));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
