using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Processor;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>The processor's batches built from events shaped as the SDK delivers them (<see cref="EventHubsModelFactory"/>).</summary>
public sealed class EventDataBatchesTests
{
    private static readonly DateTimeOffset Enqueued = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Carries_the_hub_partition_bodies_sequence_numbers_and_enqueued_times_in_partition_order()
    {
        EventData[] events =
        [
            Event("""{"id":"e1","customerId":"c1"}""", sequenceNumber: 40, offset: "8000", Enqueued, partitionKey: "c1"),
            Event("""{"id":"e2","customerId":"c2"}""", sequenceNumber: 41, offset: "8120", Enqueued.AddSeconds(1), partitionKey: "c2"),
            Event("""{"id":"é3","customerId":"c1"}""", sequenceNumber: 42, offset: "8250", Enqueued.AddSeconds(2), partitionKey: "c1"),
        ];

        var batch = EventDataBatches.ToEventBatch("customer-events", "3", events);

        Assert.Equal(("customer-events", "3"), (batch.Source, batch.PartitionId));
        Assert.Equal(events.Select(e => e.EventBody.ToString()), batch.Events.Select(e => e.Body));
        Assert.Equal([40L, 41, 42], batch.Events.Select(e => e.SequenceNumber!.Value));
        Assert.Equal([Enqueued, Enqueued.AddSeconds(1), Enqueued.AddSeconds(2)], batch.Events.Select(e => e.EnqueuedTimeUtc!.Value));
        Assert.Equal("""{"id":"é3","customerId":"c1"}""", batch.Events[2].Body);
    }

    [Fact]
    public void The_checkpoint_of_a_batch_is_its_last_events_offset_and_sequence_number()
    {
        var last = Event("{}", sequenceNumber: 7, offset: "1234", Enqueued, partitionKey: null);

        var position = CheckpointPosition.FromEvent(last);

        Assert.Equal(("1234", 7L), (position.OffsetString, position.SequenceNumber));
    }

    private static EventData Event(string body, long sequenceNumber, string offset, DateTimeOffset enqueuedTime, string? partitionKey) =>
        EventHubsModelFactory.EventData(new BinaryData(body), partitionKey: partitionKey, sequenceNumber: sequenceNumber, offsetString: offset, enqueuedTime: enqueuedTime);
}
