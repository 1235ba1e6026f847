using System.Text.Json;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Invocation;

/// <summary>
/// Turns an eventHubTrigger invocation (cardinality many, dataType string) into an <see cref="EventBatch"/>:
/// <c>Data.events</c> is a string holding a JSON array of raw bodies; <c>Metadata</c> carries the
/// <c>PartitionContext</c> object and per-event arrays (<c>SequenceNumberArray</c>, <c>EnqueuedTimeUtcArray</c>)
/// encoded as JSON strings. Single encoding, a single event (cardinality one) and missing metadata are read too.
/// Only an unreadable envelope throws <see cref="MalformedInvocationException"/>; a bad event body is passed on
/// as-is for the validator to dead-letter.
/// </summary>
public sealed class EventHubInvocationDecoder(IOptions<EventHubTriggerOptions> options, ILogger<EventHubInvocationDecoder> logger)
{
    private const string UnknownPartition = "unknown";

    private readonly EventHubTriggerOptions _options = options.Value;

    public EventBatch Decode(ReadOnlySpan<byte> payload) => Decode(InvocationPayload.Parse(payload));

    public EventBatch Decode(InvocationRequest request)
    {
        var events = InvocationPayload.TriggerValue(request, _options.BindingName);
        var metadata = request.Metadata;
        var isArray = events.ValueKind == JsonValueKind.Array;
        var bodies = isArray ? events.EnumerateArray().Select(InvocationValue.EventBody).ToArray() : [InvocationValue.EventBody(events)];

        var (source, partitionId) = ReadPartition(metadata);
        LogRetry(metadata, source, partitionId);

        // Sequence numbers key the featurizer's per-partition replay watermark; without a known partition they could
        // shadow another partition's numbers, so they are dropped and de-duplication falls back to event ids.
        var sequenceNumbers = partitionId == UnknownPartition
            ? null
            : ReadPerEvent(metadata, isArray ? "SequenceNumberArray" : "SequenceNumber", isArray, bodies.Length, ParseSequenceNumber);
        var enqueuedTimes = ReadPerEvent(metadata, isArray ? "EnqueuedTimeUtcArray" : "EnqueuedTimeUtc", isArray, bodies.Length, InvocationValue.AsUtc);

        var raw = new RawEvent[bodies.Length];
        for (var i = 0; i < bodies.Length; i++)
        {
            raw[i] = new RawEvent(bodies[i], sequenceNumbers?[i], enqueuedTimes?[i]);
        }

        return new EventBatch(source, partitionId, raw);
    }

    private (string Source, string PartitionId) ReadPartition(Dictionary<string, JsonElement>? metadata)
    {
        string? hub = null, partition = null;
        if (InvocationValue.TryGetProperty(metadata, "PartitionContext", out var contextValue))
        {
            var context = InvocationValue.Unwrap(contextValue);
            if (InvocationValue.TryGetProperty(context, "EventHubName", out var hubValue))
            {
                hub = InvocationValue.AsText(hubValue);
            }

            if (InvocationValue.TryGetProperty(context, "PartitionId", out var partitionValue))
            {
                partition = InvocationValue.AsText(partitionValue);
            }
        }

        if (string.IsNullOrWhiteSpace(partition))
        {
            logger.LogWarning(
                "The invocation has no PartitionContext.PartitionId; the batch is processed without sequence numbers, de-duplicated by event id only");
        }

        return (string.IsNullOrWhiteSpace(hub) ? _options.EventHubName : hub,
            string.IsNullOrWhiteSpace(partition) ? UnknownPartition : partition);
    }

    private T?[]? ReadPerEvent<T>(Dictionary<string, JsonElement>? metadata, string key, bool isArray, int count, Func<JsonElement, T?> parse)
        where T : struct
    {
        if (!InvocationValue.TryGetProperty(metadata, key, out var raw))
        {
            logger.LogWarning("The invocation has no Metadata.{MetadataKey}; those values are left empty", key);
            return null;
        }

        var value = InvocationValue.Unwrap(raw);
        if (!isArray)
        {
            return [parse(value)];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != count)
        {
            // A misaligned array would attach values to the wrong events; none is safer than a wrong one.
            logger.LogWarning(
                "Metadata.{MetadataKey} is not an array of {EventCount} values; those values are left empty", key, count);
            return null;
        }

        return value.EnumerateArray().Select(parse).ToArray();
    }

    private static long? ParseSequenceNumber(JsonElement value)
    {
        value = InvocationValue.Unwrap(value);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
    }

    private void LogRetry(Dictionary<string, JsonElement>? metadata, string source, string partitionId)
    {
        if (!InvocationValue.TryGetProperty(metadata, "RetryContext", out var retryValue))
        {
            return;
        }

        var retry = InvocationValue.Unwrap(retryValue);
        var count = InvocationValue.TryGetProperty(retry, "RetryCount", out var c) ? InvocationValue.AsText(c) : null;
        var max = InvocationValue.TryGetProperty(retry, "MaxRetryCount", out var m) ? InvocationValue.AsText(m) : null;
        logger.LogInformation(
            "Replaying the batch of {Source}/{PartitionId}: retry {RetryCount} of {MaxRetryCount}", source, partitionId, count, max);
    }
}
