using System.Text.Json;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Ingestion;

/// <summary>
/// Turns a batched Event Hubs invocation (cardinality many, dataType string) into an <see cref="EventBatch"/>: the
/// bodies as the worker bound them, and from the binding data the <c>PartitionContext</c> (hub and partition) and the
/// per-event arrays <c>SequenceNumberArray</c> and <c>EnqueuedTimeUtcArray</c>, in the host's encodings. Missing or
/// misaligned metadata leaves those values empty; only an invocation without bodies throws
/// <see cref="MalformedInvocationException"/>. A bad event body is passed on as-is for the validator to dead-letter.
/// </summary>
public sealed partial class EventHubBatchDecoder(IOptions<EventHubTriggerOptions> options, ILogger<EventHubBatchDecoder> logger)
{
    public const string PartitionContextKey = "PartitionContext";
    public const string SequenceNumbersKey = "SequenceNumberArray";
    public const string EnqueuedTimesKey = "EnqueuedTimeUtcArray";
    public const string OffsetsKey = "OffsetArray";
    public const string RetryContextKey = "RetryContext";

    private const string UnknownPartition = "unknown";

    private readonly EventHubTriggerOptions _options = options.Value;

    public EventBatch Decode(string?[]? events, IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        if (events is null)
        {
            throw new MalformedInvocationException("The invocation carries no events array.");
        }

        var bodies = new string[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            bodies[i] = events[i] is { } body
                ? BindingDataValue.EventBody(body)
                : throw new MalformedInvocationException($"Event {i} of {events.Length} has no body.");
        }

        var metadata = ReadMetadata(bindingData);
        var (source, partitionId) = ReadPartition(metadata);

        // Sequence numbers key the featurizer's per-partition replay watermark; without a known partition they could
        // shadow another partition's numbers, so they are dropped and de-duplication falls back to event ids.
        var sequenceNumbers = partitionId == UnknownPartition ? null : ReadPerEvent(metadata, SequenceNumbersKey, bodies.Length, ParseSequenceNumber);
        var enqueuedTimes = ReadPerEvent(metadata, EnqueuedTimesKey, bodies.Length, BindingDataValue.AsUtc);

        var raw = new RawEvent[bodies.Length];
        for (var i = 0; i < bodies.Length; i++)
        {
            raw[i] = new RawEvent(bodies[i], sequenceNumbers?[i], enqueuedTimes?[i]);
        }

        return new EventBatch(source, partitionId, raw);
    }

    /// <summary>The first and last offset of the batch as the binding data gives them, for the log; null when absent.</summary>
    public static (string? First, string? Last) OffsetRange(IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        return bindingData.TryGetValue(OffsetsKey, out var value)
            && BindingDataValue.ToJson(value) is { ValueKind: JsonValueKind.Array } offsets
            && offsets.GetArrayLength() > 0
                ? (BindingDataValue.AsText(offsets[0]), BindingDataValue.AsText(offsets[offsets.GetArrayLength() - 1]))
                : (null, null);
    }

    /// <summary>The retry the host is making, or null on a first delivery.</summary>
    public static (string? RetryCount, string? MaxRetryCount)? Retry(IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        if (!bindingData.TryGetValue(RetryContextKey, out var value) || BindingDataValue.ToJson(value) is not { } retry)
        {
            return null;
        }

        return (BindingDataValue.TryGetProperty(retry, "RetryCount", out var c) ? BindingDataValue.AsText(c) : null,
            BindingDataValue.TryGetProperty(retry, "MaxRetryCount", out var m) ? BindingDataValue.AsText(m) : null);
    }

    private static Dictionary<string, JsonElement> ReadMetadata(IReadOnlyDictionary<string, object?> bindingData)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var key in (ReadOnlySpan<string>)[PartitionContextKey, SequenceNumbersKey, EnqueuedTimesKey])
        {
            if (TryGetValue(bindingData, key, out var value) && BindingDataValue.ToJson(value) is { } json)
            {
                metadata[key] = json;
            }
        }

        return metadata;
    }

    private static bool TryGetValue(IReadOnlyDictionary<string, object?> bindingData, string key, out object? value)
    {
        if (bindingData.TryGetValue(key, out value))
        {
            return true;
        }

        foreach (var (candidate, candidateValue) in bindingData)
        {
            if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
            {
                value = candidateValue;
                return true;
            }
        }

        return false;
    }

    private (string Source, string PartitionId) ReadPartition(Dictionary<string, JsonElement> metadata)
    {
        string? hub = null, partition = null;
        if (metadata.TryGetValue(PartitionContextKey, out var context))
        {
            if (BindingDataValue.TryGetProperty(context, "EventHubName", out var hubValue))
            {
                hub = BindingDataValue.AsText(hubValue);
            }

            if (BindingDataValue.TryGetProperty(context, "PartitionId", out var partitionValue))
            {
                partition = BindingDataValue.AsText(partitionValue);
            }
        }

        if (string.IsNullOrWhiteSpace(partition))
        {
            LogNoPartition(logger);
        }

        return (string.IsNullOrWhiteSpace(hub) ? _options.EventHubName : hub,
            string.IsNullOrWhiteSpace(partition) ? UnknownPartition : partition);
    }

    private T?[]? ReadPerEvent<T>(Dictionary<string, JsonElement> metadata, string key, int count, Func<JsonElement, T?> parse)
        where T : struct
    {
        if (!metadata.TryGetValue(key, out var value))
        {
            LogNoMetadata(logger, key);
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != count)
        {
            // A misaligned array would attach values to the wrong events; none is safer than a wrong one.
            LogMisaligned(logger, key, count);
            return null;
        }

        return value.EnumerateArray().Select(parse).ToArray();
    }

    private static long? ParseSequenceNumber(JsonElement value)
    {
        value = BindingDataValue.Unwrap(value);
        // Event Hubs numbers events from 0; a negative number would only hide the event below the partition's watermark.
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0 ? number : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The invocation has no PartitionContext.PartitionId; the batch is processed without sequence numbers, de-duplicated by event id only")]
    private static partial void LogNoPartition(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The invocation's binding data has no {BindingDataKey}; those values are left empty")]
    private static partial void LogNoMetadata(ILogger logger, string bindingDataKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding data {BindingDataKey} is not an array of {EventCount} values; those values are left empty")]
    private static partial void LogMisaligned(ILogger logger, string bindingDataKey, int eventCount);
}
