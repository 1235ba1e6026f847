using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Testing.EventHubs;
using static SegmentFunctions.Cli.Tests.EventHubs.EventHubsPipeline;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>
/// `segment serve --consume`: the HTTP API and the event processor of `segment consume` in one process, on one store.
/// Events sent to the hub become features the API answers; stopping the server checkpoints what was processed.
/// </summary>
public sealed class ServeConsumeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _data = Directory.CreateTempSubdirectory("segment-serve-consume-").FullName;
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 2);

    [Fact]
    public async Task Serve_with_consume_answers_the_features_of_events_sent_to_the_hub_and_checkpoints_them_when_stopped()
    {
        var port = FreePort();
        var settings = EventHubsCliHarness.SettingsOf(_hub);
        settings["SEGMENT_DATA_DIR"] = _data;
        settings["Telemetry:Exporter"] = "None";
        settings["EventHubs:LoadBalancingInterval"] = "00:00:00.500";
        settings["EventHubs:OwnershipExpiration"] = "00:00:03";

        // Neither the interval nor an idle partition checkpoints during the test: only stopping does.
        settings["EventHubs:CheckpointInterval"] = "01:00:00";
        settings["EventHubs:MaximumWaitTime"] = "00:10:00";
        var cli = new CliHarness(configuration: new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = cli.RunAsync(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--consume", "--batch-size", "16"], stop.Token);

        await using (var producer = new EventHubProducerClient(_hub.ConnectionString, _hub.Name))
        {
            await producer.SendAsync(
                [
                    new EventData(BinaryData.FromString("""{"id":"v1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""")),
                    new EventData(BinaryData.FromString("""{"id":"p1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:05:00Z","orderId":"o-1","amount":42.5}""")),
                    new EventData(BinaryData.FromString("""{"id":"v2","type":"page_view","customerId":"c-1","timestamp":"2026-03-02T09:00:00Z"}""")),
                ],
                new SendEventOptions { PartitionKey = "c-1" });
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        JsonElement features = default;
        await WaitForAsync(
            async () =>
            {
                Assert.False(run.IsCompleted, $"serve exited before answering:\n{cli.Output}");
                try
                {
                    using var response = await http.GetAsync(new Uri("/api/customers/c-1/features", UriKind.Relative));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }

                    features = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    return features.GetProperty("eventCounts").TryGetProperty("page_view", out var views) && views.GetInt64() == 2;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Timeout,
            "the API to answer c-1's features from the hub's events");
        var partition = EventHubsTestDouble.PartitionFor("c-1", _hub.PartitionIds.Count);
        Assert.Null(CheckpointedSequenceNumber(partition));

        await stop.CancelAsync();
        var exitCode = await run;

        Assert.Equal((1, 42.5m), (features.GetProperty("orders").GetInt32(), features.GetProperty("revenue").GetDecimal()));
        Assert.True(exitCode == ExitCodes.Success, cli.Output);
        Assert.Equal(2L, CheckpointedSequenceNumber(partition));
        Assert.Equal(3, Row(cli.Output, "events received"));
        Assert.Equal(3, Row(cli.Output, "accepted"));
    }

    [Fact]
    public async Task Serve_with_consume_and_no_hub_connection_exits_2_naming_the_setting()
    {
        var cli = new CliHarness(configuration: new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _data,
        }).Build());

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("serve", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--consume"));
        Assert.Contains("EventHubConnection", cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--event-hub", "customer-events")]
    [InlineData("--consumer-group", "g")]
    [InlineData("--batch-size", "16")]
    public async Task A_hub_option_without_consume_exits_2(string option, string value)
    {
        var cli = new CliHarness();

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("serve", option, value));
        Assert.Contains("--consume", cli.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _hub.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle of another thread; the OS temp cleaner gets it.
        }
    }

    /// <summary>The sequence number in the partition's checkpoint blob (docs/event-hubs.md), or null without one.</summary>
    private long? CheckpointedSequenceNumber(string partitionId)
    {
        var checkpoints = Path.Combine(_data, "blobs", "eventhubs");
        var blob = Directory.Exists(checkpoints)
            ? Directory.EnumerateFiles(checkpoints, "*", SearchOption.AllDirectories)
                .SingleOrDefault(f => Path.GetFileName(Path.GetDirectoryName(f)) == "checkpoint" && Path.GetFileName(f) == partitionId)
            : null;
        return blob is null ? null : JsonDocument.Parse(File.ReadAllBytes(blob)).RootElement.GetProperty("sequenceNumber").GetInt64();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
