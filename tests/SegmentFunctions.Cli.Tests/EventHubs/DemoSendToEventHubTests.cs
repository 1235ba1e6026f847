using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Testing.EventHubs;

namespace SegmentFunctions.Cli.Tests.EventHubs;

public sealed class DemoSendToEventHubTests : IDisposable
{
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 2);
    private readonly string _out = Directory.CreateTempSubdirectory("segment-demo-send-").FullName;

    public void Dispose()
    {
        _hub.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task The_generated_shop_goes_to_the_hub_instead_of_a_store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EventHubsCliHarness.SettingsOf(_hub)).Build();
        var cli = new CliHarness(configuration: configuration);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("demo", "--customers", "40", "--months", "4", "--horizon-days", "30", "--out", _out, "--send-to-event-hub"));

        var lines = File.ReadLines(Path.Combine(_out, "events-1-before-cutoff.jsonl"))
            .Concat(File.ReadLines(Path.Combine(_out, "events-2-holdout.jsonl")))
            .Count(l => !string.IsNullOrWhiteSpace(l));
        Assert.True(lines > 0);
        Assert.Equal(lines, _hub.EventCount);
        Assert.Contains($"Sent {lines:N0} events", cli.Output);
        Assert.False(Directory.Exists(Path.Combine(_out, "store")), "the demo featurized in process");
    }
}
