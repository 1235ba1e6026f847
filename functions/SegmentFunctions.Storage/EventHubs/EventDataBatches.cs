using Azure.Messaging.EventHubs;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Storage.EventHubs;

/// <summary>
/// Turns the events the processor received from one partition into the featurizer's <see cref="EventBatch"/>: the
/// hub's name as source (the same watermark key as the Event Hubs function), the partition, and per event its UTF-8
/// body as received (parsed from the bytes, not decoded to text first), sequence number and enqueued time. Offsets do
/// not reach the featurizer; the last event's offset and sequence number are the batch's checkpoint.
/// </summary>
public static class EventDataBatches
{
    public static EventBatch ToEventBatch(string eventHubName, string partitionId, IReadOnlyList<EventData> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var raw = new RawEvent[events.Count];
        for (var i = 0; i < raw.Length; i++)
        {
            var e = events[i];
            raw[i] = new RawEvent(e.EventBody.ToMemory(), e.SequenceNumber, e.EnqueuedTime);
        }

        return new EventBatch(eventHubName, partitionId, raw);
    }
}
