using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

/// <summary>
/// One small demo (2,000 customers over 9 months, the shortest history with the 180 days before the cut-off that the churn classifier's readiness check asks for) run once for the end-to-end tests: generation, featurization, the
/// cut-off snapshot, the retraining orchestration, batch scores and the report, on the demo's own embedded store.
/// </summary>
public sealed class DemoEndToEndFixture : IAsyncLifetime
{
    public const int Customers = 2_000;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("segment-demo-e2e-");

    public string Out => Path.Combine(_root.FullName, "demo");
    public string Store => Path.Combine(Out, "store");
    public int ExitCode { get; private set; }
    public string Output { get; private set; } = string.Empty;
    internal DemoSummaryJson Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cli = new CliHarness();
        ExitCode = await cli.RunAsync("demo", "--customers", Customers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--months", "9", "--seed", "7", "--out", Out);
        Output = cli.Output;
        if (ExitCode == ExitCodes.Success)
        {
            Summary = await DemoSummaryFile.ReadAsync(Out);
        }
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
