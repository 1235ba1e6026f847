using System.Text;
using System.Text.Json;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Testing.EventHubs;

namespace SegmentFunctions.Cli.Tests.EventHubs;

public sealed class SendCommandTests : IDisposable
{
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 4);

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Every_valid_line_arrives_keyed_by_customer_in_file_order_and_bad_lines_are_reported_by_number()
    {
        var lines = Enumerable.Range(0, 300).Select(i => Event($"e{i}", $"c{i % 17}")).ToList();
        lines.Insert(5, "not json at all");
        lines.Insert(40, """{"id":"x","type":"page_view","timestamp":"2026-03-01T00:00:00Z"}""");
        lines.Insert(41, "");
        using var file = new TempFile(lines);
        var cli = new EventHubsCliHarness(EventHubsCliHarness.SettingsOf(_hub));

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("send", "--file", file.Path, "--concurrency", "3"));

        Assert.Contains("line 6: not a JSON object with a string customerId", cli.Output);
        Assert.Contains("line 41: not a JSON object with a string customerId", cli.Output);
        Assert.Equal(300, _hub.EventCount);
        Assert.Matches(@"events sent\W+300\b", cli.Output);
        Assert.Matches(@"lines skipped\W+2\b", cli.Output);
        foreach (var customer in Enumerable.Range(0, 17).Select(i => $"c{i}"))
        {
            var partition = EventHubsTestDouble.PartitionFor(customer, _hub.PartitionIds.Count);
            var received = _hub.Events(partition).Where(e => e.PartitionKey == customer).Select(e => IdOf(e.Body)).ToList();
            var expected = Enumerable.Range(0, 300).Where(i => i % 17 == int.Parse(customer[1..], System.Globalization.CultureInfo.InvariantCulture)).Select(i => $"e{i}");
            Assert.Equal(expected, received);
        }
    }

    [Fact]
    public async Task Each_line_is_sent_as_its_own_bytes_and_a_line_that_is_not_UTF_8_is_reported_by_number()
    {
        var first = Event("e1", "c1");
        var last = Event("e3", "c1");
        using var file = new TempFile([]);
        File.WriteAllBytes(file.Path, [
            .. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(first), .. "\r\n"u8,
            .. "{\"id\":\"e2\",\"customerId\":\"c1\",\"note\":\""u8, 0xC3, 0x28, .. "\"}\n"u8,
            .. "  \n"u8,
            .. Encoding.UTF8.GetBytes(last)]);
        var cli = new EventHubsCliHarness(EventHubsCliHarness.SettingsOf(_hub));

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("send", "--file", file.Path));

        Assert.Contains("line 2: not valid UTF-8", cli.Output);
        Assert.Matches(@"lines skipped\W+1\b", cli.Output);
        var received = _hub.Events(EventHubsTestDouble.PartitionFor("c1", _hub.PartitionIds.Count)).Select(e => Encoding.UTF8.GetString(e.Body.Span)).ToList();
        Assert.Equal([first, last], received);
    }

    [Fact]
    public async Task A_send_that_fails_after_the_retries_exits_1_and_says_how_many_events_were_sent()
    {
        using var file = new TempFile(Enumerable.Range(0, 400).Select(i => Event($"e{i}", $"c{i}")));
        _hub.RejectSendsBeyond(150);
        var cli = new EventHubsCliHarness(EventHubsCliHarness.SettingsOf(_hub));

        Assert.Equal(ExitCodes.Failure, await cli.RunAsync("send", "--file", file.Path, "--concurrency", "1"));

        Assert.InRange(_hub.EventCount, 1, 150);
        Assert.Contains($"{_hub.EventCount:N0} events in", cli.Output);
        Assert.Contains("were sent before the failure", cli.Output);
    }

    [Fact]
    public async Task No_connection_setting_exits_2()
    {
        using var file = new TempFile([Event("e1", "c1")]);
        var cli = new EventHubsCliHarness(new Dictionary<string, string?>());

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("send", "--file", file.Path));
        Assert.Contains("EventHubConnection", cli.Output);
    }

    [Fact]
    public async Task An_unreadable_file_or_a_bad_argument_exits_2()
    {
        var cli = new EventHubsCliHarness(EventHubsCliHarness.SettingsOf(_hub));
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.jsonl");

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("send", "--file", missing));
        Assert.Contains($"Cannot read the events file '{missing}'", cli.Output);
        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("send", "--file", missing, "--concurrency", "0"));
        Assert.Equal(0, _hub.EventCount);
    }

    private static string Event(string id, string customerId) =>
        $$"""{"id":"{{id}}","type":"page_view","customerId":"{{customerId}}","timestamp":"2026-03-01T00:00:00Z"}""";

    private static string IdOf(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
