using System.Net;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Handler.Tests.Infrastructure;

namespace SegmentFunctions.Handler.Tests;

/// <summary>What the handler makes of the Event Hubs invocation payloads the host sends to POST /FeaturizeEvents.</summary>
public sealed class FeaturizeEventsDecodingTests : IClassFixture<HandlerFactory>
{
    private const string PurchaseA = """{"id":"e1","type":"purchase","customerId":"c1","timestamp":"2025-05-01T09:59:00+02:00","orderId":"o1","amount":12.5}""";
    private const string PageViewB = """{"id":"e2","type":"page_view","customerId":"c2","timestamp":"2025-05-01T09:59:30Z"}""";

    private readonly HandlerFactory _factory;
    private readonly HttpClient _client;

    public FeaturizeEventsDecodingTests(HandlerFactory factory)
    {
        _factory = factory;
        _factory.Reset();
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Reference_example_double_encoded_maps_bodies_partition_sequence_numbers_and_utc_times()
    {
        var batch = await PostAndGetBatchAsync(HostPayloads.ReferenceExample);

        Assert.Equal("telemetry", batch.Source);
        Assert.Equal("0", batch.PartitionId);
        Assert.Equal(
            [
                new RawEvent("""{"id":1}""", 100, new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero)),
                new RawEvent("""{"id":2}""", 101, new DateTimeOffset(2025, 5, 1, 10, 0, 1, TimeSpan.Zero)),
            ],
            batch.Events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Single_and_double_encoding_decode_to_the_same_batch(bool doubleEncoded)
    {
        var payload = HostPayloads.EventHubBatch(
            [PurchaseA, PageViewB], partitionId: "7", sequenceNumbers: [41, 42],
            enqueuedTimes: ["2025-05-01T10:00:00", "2025-05-01T10:00:05"], doubleEncoded: doubleEncoded);

        var batch = await PostAndGetBatchAsync(payload);

        Assert.Equal("customer-events", batch.Source);
        Assert.Equal("7", batch.PartitionId);
        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
        Assert.Equal([41L, 42L], batch.Events.Select(e => e.SequenceNumber));
        Assert.Equal(
            [new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 5, 1, 10, 0, 5, TimeSpan.Zero)],
            batch.Events.Select(e => e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task Bodies_that_are_not_json_reach_the_featurizer_as_sent()
    {
        string[] bodies = [PurchaseA, "plain text, not JSON", """{"customerId":""", "", "42", PageViewB];

        var batch = await PostAndGetBatchAsync(HostPayloads.EventHubBatch(bodies));

        Assert.Equal(bodies, batch.Events.Select(e => e.Body));
        Assert.Equal(Enumerable.Range(0, bodies.Length).Select(i => (long?)(1000 + i)), batch.Events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task A_body_encoded_once_more_as_a_json_string_is_unwrapped()
    {
        var quotedBody = System.Text.Json.JsonSerializer.Serialize(PurchaseA);

        var batch = await PostAndGetBatchAsync(HostPayloads.EventHubBatch([quotedBody, PageViewB]));

        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
    }

    [Fact]
    public async Task Events_parsed_by_the_host_without_datatype_arrive_as_their_json_text()
    {
        var payload = $$"""
            { "Data": { "events": {{System.Text.Json.JsonSerializer.Serialize($"[{PurchaseA},{PageViewB}]")}} },
              "Metadata": { "PartitionContext": { "EventHubName": "customer-events", "PartitionId": "1" }, "SequenceNumberArray": "[5,6]" } }
            """;

        var batch = await PostAndGetBatchAsync(payload);

        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
        Assert.Equal([5L, 6L], batch.Events.Select(e => e.SequenceNumber));
    }

    [Theory]
    [InlineData("2025-05-01T10:00:00", "2025-05-01T10:00:00Z")]
    [InlineData("2025-05-01T10:00:00Z", "2025-05-01T10:00:00Z")]
    [InlineData("2025-05-01T10:00:00.1234567", "2025-05-01T10:00:00.1234567Z")]
    [InlineData("2025-05-01T12:00:00+02:00", "2025-05-01T10:00:00Z")]
    public async Task Enqueued_times_are_utc_with_or_without_a_zone(string sent, string expectedUtc)
    {
        var batch = await PostAndGetBatchAsync(HostPayloads.EventHubBatch([PurchaseA], enqueuedTimes: [sent]));

        var enqueued = Assert.Single(batch.Events).EnqueuedTimeUtc;
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), enqueued);
        Assert.Equal(TimeSpan.Zero, enqueued!.Value.Offset);
    }

    [Fact]
    public async Task Missing_metadata_arrays_leave_sequence_numbers_and_times_empty()
    {
        var batch = await PostAndGetBatchAsync(HostPayloads.EventHubBatch([PurchaseA, PageViewB], partitionId: "2", withMetadataArrays: false));

        Assert.Equal("2", batch.PartitionId);
        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.Null(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task Without_a_partition_context_the_batch_keeps_no_sequence_numbers()
    {
        var batch = await PostAndGetBatchAsync(HostPayloads.EventHubBatch([PurchaseA, PageViewB], partitionId: null));

        Assert.Equal(HandlerFactory.ConfiguredEventHubName, batch.Source);
        Assert.Equal("unknown", batch.PartitionId);
        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.NotNull(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task Without_any_metadata_the_events_still_go_through()
    {
        var payload = $$"""{ "Data": { "events": {{System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize(new[] { PurchaseA }))}} } }""";

        var batch = await PostAndGetBatchAsync(payload);

        Assert.Equal(new RawEvent(PurchaseA, null, null), Assert.Single(batch.Events));
    }

    [Fact]
    public async Task A_metadata_array_of_another_length_is_not_attached_to_the_wrong_events()
    {
        var payload = HostPayloads.EventHubBatch([PurchaseA, PageViewB], sequenceNumbers: [7]);

        var batch = await PostAndGetBatchAsync(payload);

        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.NotNull(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task A_single_event_invocation_is_a_batch_of_one()
    {
        var payload = $$"""
            { "Data": { "events": {{System.Text.Json.JsonSerializer.Serialize(PurchaseA)}} },
              "Metadata": { "PartitionContext": { "EventHubName": "customer-events", "PartitionId": "4" },
                            "SequenceNumber": "77", "EnqueuedTimeUtc": "2025-05-01T10:00:00" } }
            """;

        var batch = await PostAndGetBatchAsync(payload);

        Assert.Equal(new RawEvent(PurchaseA, 77, new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero)), Assert.Single(batch.Events));
    }

    [Fact]
    public async Task A_replayed_invocation_with_retry_context_decodes_the_same_batch()
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(HostPayloads.ReferenceExample)!;
        payload["Metadata"]!["RetryContext"] = new System.Text.Json.Nodes.JsonObject
        {
            ["RetryCount"] = 2, ["MaxRetryCount"] = -1, ["Exception"] = "Response status code does not indicate success: 500",
        };

        var batch = await PostAndGetBatchAsync(payload.ToJsonString());

        Assert.Equal(("telemetry", "0"), (batch.Source, batch.PartitionId));
        Assert.Equal([100L, 101L], batch.Events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task The_events_are_found_under_another_binding_name_when_they_are_the_only_input()
    {
        var payload = HostPayloads.EventHubBatch([PurchaseA]).Replace("\"events\"", "\"messages\"", StringComparison.Ordinal);

        var batch = await PostAndGetBatchAsync(payload);

        Assert.Equal([PurchaseA], batch.Events.Select(e => e.Body));
    }

    private async Task<EventBatch> PostAndGetBatchAsync(string payload)
    {
        using var response = await _client.PostAsync("/FeaturizeEvents", HostPayloads.Content(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(_factory.Processor.Batches);
    }
}
