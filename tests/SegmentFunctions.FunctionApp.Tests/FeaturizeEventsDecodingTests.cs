using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>What FeaturizeEvents makes of the bodies and binding data the host sends for a batched string trigger.</summary>
public sealed class FeaturizeEventsDecodingTests : IClassFixture<FunctionAppFactory>
{
    private const string PurchaseA = """{"id":"e1","type":"purchase","customerId":"c1","timestamp":"2025-05-01T09:59:00+02:00","orderId":"o1","amount":12.5}""";
    private const string PageViewB = """{"id":"e2","type":"page_view","customerId":"c2","timestamp":"2025-05-01T09:59:30Z"}""";

    private readonly FunctionAppFactory _factory;

    public FeaturizeEventsDecodingTests(FunctionAppFactory factory)
    {
        _factory = factory;
        _factory.Reset();
    }

    [Fact]
    public async Task Bodies_partition_sequence_numbers_and_utc_times_come_from_the_binding_data()
    {
        var bindingData = EventHubInvocation.BindingData(
            2, partitionId: "0", eventHubName: "telemetry", sequenceNumbers: [100, 101], enqueuedTimes: ["2025-05-01T10:00:00", "2025-05-01T10:00:01"]);

        var batch = await InvokeAndGetBatchAsync(["""{"id":1}""", """{"id":2}"""], bindingData);

        Assert.Equal("telemetry", batch.Source);
        Assert.Equal("0", batch.PartitionId);
        Assert.Equal(
            [
                new RawEvent("""{"id":1}""", 100, new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero)),
                new RawEvent("""{"id":2}""", 101, new DateTimeOffset(2025, 5, 1, 10, 0, 1, TimeSpan.Zero)),
            ],
            batch.Events);
    }

    [Fact]
    public async Task Binding_data_encoded_once_more_as_json_strings_decodes_to_the_same_batch()
    {
        var plain = EventHubInvocation.BindingData(2, partitionId: "7", sequenceNumbers: [41, 42]);
        var doubled = plain.ToDictionary(p => p.Key, p => (object?)System.Text.Json.JsonSerializer.Serialize((string)p.Value!), StringComparer.Ordinal);

        var first = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], plain);
        _factory.Reset();
        var second = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], doubled);

        Assert.Equal(first.Events, second.Events);
        Assert.Equal((first.Source, first.PartitionId), (second.Source, second.PartitionId));
        Assert.Equal([41L, 42L], second.Events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task Binding_data_as_typed_values_decodes_like_text()
    {
        var bindingData = EventHubInvocation.BindingData(2, partitionId: "5");
        bindingData["SequenceNumberArray"] = new long[] { 7, 8 };
        bindingData["EnqueuedTimeUtcArray"] = new[] { "2025-05-01T10:00:00", "2025-05-01T10:00:05" };

        var batch = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], bindingData);

        Assert.Equal([7L, 8L], batch.Events.Select(e => e.SequenceNumber));
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 10, 0, 5, TimeSpan.Zero), batch.Events[1].EnqueuedTimeUtc);
    }

    [Fact]
    public async Task Bodies_that_are_not_json_reach_the_featurizer_as_sent()
    {
        string[] bodies = [PurchaseA, "plain text, not JSON", """{"customerId":""", "", "42", PageViewB];

        var batch = await InvokeAndGetBatchAsync(bodies, EventHubInvocation.BindingData(bodies.Length));

        Assert.Equal(bodies, batch.Events.Select(e => e.Body));
        Assert.Equal(Enumerable.Range(0, bodies.Length).Select(i => (long?)(1000 + i)), batch.Events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task A_body_encoded_once_more_as_a_json_string_is_unwrapped()
    {
        var quotedBody = System.Text.Json.JsonSerializer.Serialize(PurchaseA);

        var batch = await InvokeAndGetBatchAsync([quotedBody, PageViewB], EventHubInvocation.BindingData(2));

        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
    }

    [Theory]
    [InlineData("2025-05-01T10:00:00", "2025-05-01T10:00:00Z")]
    [InlineData("2025-05-01T10:00:00Z", "2025-05-01T10:00:00Z")]
    [InlineData("2025-05-01T10:00:00.1234567", "2025-05-01T10:00:00.1234567Z")]
    [InlineData("2025-05-01T12:00:00+02:00", "2025-05-01T10:00:00Z")]
    public async Task Enqueued_times_are_utc_with_or_without_a_zone(string sent, string expectedUtc)
    {
        var batch = await InvokeAndGetBatchAsync([PurchaseA], EventHubInvocation.BindingData(1, enqueuedTimes: [sent]));

        var enqueued = Assert.Single(batch.Events).EnqueuedTimeUtc;
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), enqueued);
        Assert.Equal(TimeSpan.Zero, enqueued!.Value.Offset);
    }

    [Fact]
    public async Task Missing_arrays_leave_sequence_numbers_and_times_empty()
    {
        var batch = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], EventHubInvocation.BindingData(2, partitionId: "2", withArrays: false));

        Assert.Equal("2", batch.PartitionId);
        Assert.Equal([PurchaseA, PageViewB], batch.Events.Select(e => e.Body));
        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.Null(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task Without_a_partition_context_the_batch_keeps_no_sequence_numbers()
    {
        var batch = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], EventHubInvocation.BindingData(2, partitionId: null));

        Assert.Equal(FunctionAppFactory.ConfiguredEventHubName, batch.Source);
        Assert.Equal("unknown", batch.PartitionId);
        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.NotNull(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task Without_any_binding_data_the_events_still_go_through()
    {
        var batch = await InvokeAndGetBatchAsync([PurchaseA], new Dictionary<string, object?>());

        Assert.Equal(new RawEvent(PurchaseA, null, null), Assert.Single(batch.Events));
    }

    [Fact]
    public async Task An_array_of_another_length_is_not_attached_to_the_wrong_events()
    {
        var batch = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], EventHubInvocation.BindingData(2, sequenceNumbers: [7]));

        Assert.All(batch.Events, e => Assert.Null(e.SequenceNumber));
        Assert.All(batch.Events, e => Assert.NotNull(e.EnqueuedTimeUtc));
    }

    [Fact]
    public async Task A_replayed_invocation_with_retry_context_decodes_the_same_batch()
    {
        var bindingData = EventHubInvocation.BindingData(2, partitionId: "0", eventHubName: "telemetry", sequenceNumbers: [100, 101]);
        bindingData["RetryContext"] = """{"RetryCount":2,"MaxRetryCount":-1,"Exception":"The store is unavailable."}""";

        var batch = await InvokeAndGetBatchAsync([PurchaseA, PageViewB], bindingData);

        Assert.Equal(("telemetry", "0"), (batch.Source, batch.PartitionId));
        Assert.Equal([100L, 101L], batch.Events.Select(e => e.SequenceNumber));
    }

    private async Task<EventBatch> InvokeAndGetBatchAsync(string[] events, IReadOnlyDictionary<string, object?> bindingData)
    {
        await EventHubInvocation.InvokeAsync(_factory.Services, events, bindingData);
        return Assert.Single(_factory.Processor.Batches);
    }
}
