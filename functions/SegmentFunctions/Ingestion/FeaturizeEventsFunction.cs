using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Ingestion;

/// <summary>
/// <c>FeaturizeEvents</c>: the batched Event Hubs trigger. Decode, featurize, return. Returning lets the host
/// checkpoint the batch; throwing fails the invocation and, under the retry policy (unbounded, exponential back-off),
/// replays the same batch, which the featurizer's watermarks make idempotent.
/// </summary>
public sealed partial class FeaturizeEventsFunction(
    EventHubBatchDecoder decoder,
    IEventBatchProcessor processor,
    IDeadLetterSink deadLetters,
    TimeProvider time,
    ILogger<FeaturizeEventsFunction> logger)
{
    public const string Name = "FeaturizeEvents";

    /// <summary>Binding data that differs between deliveries of the same batch, left out of a dead letter so a replay writes the same one.</summary>
    private static readonly HashSet<string> VolatileBindingData = new(["sys", EventHubBatchDecoder.RetryContextKey], StringComparer.OrdinalIgnoreCase);

    [Function(Name)]
    [ExponentialBackoffRetry(-1, "00:00:05", "00:05:00")]
    public async Task RunAsync(
        [EventHubTrigger("%EventHubName%", Connection = "EventHubConnection", ConsumerGroup = "%EventHubConsumerGroup%", IsBatched = true)]
        string[] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bindingData = context.BindingContext.BindingData;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["InvocationId"] = context.InvocationId });

        EventBatch batch;
        try
        {
            batch = decoder.Decode(events, bindingData);
        }
        catch (MalformedInvocationException ex)
        {
            await DeadLetterInvocationAsync(events, bindingData, ex, cancellationToken);
            return;
        }

        if (EventHubBatchDecoder.Retry(bindingData) is var (retryCount, maxRetryCount))
        {
            LogReplaying(logger, batch.Source, batch.PartitionId, retryCount, maxRetryCount);
        }

        try
        {
            var result = await processor.ProcessAsync(batch, cancellationToken);
            var (firstOffset, lastOffset) = EventHubBatchDecoder.OffsetRange(bindingData);
            LogProcessed(logger, batch.Source, batch.PartitionId, firstOffset, lastOffset, result.Received, result.Applied, result.Duplicates, result.DeadLettered, result.Suppressed, result.TooOldToCheck, result.CustomersWritten);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            // Nothing of the batch is lost by failing: the host keeps the checkpoint and replays the batch.
            LogNotProcessed(logger, ex, batch.Source, batch.PartitionId, batch.Events.Count);
            throw;
        }
    }

    /// <summary>
    /// An invocation that cannot be made into a batch is deterministic: failing it would replay it forever under the
    /// unbounded retry policy and stall the partition behind it, while returning alone would drop its events. So the
    /// invocation goes to the dead-letter sink whole (keyed by the hash of its bodies and stable binding data, so a replay writes the same letter) and the
    /// function returns. If the sink is unavailable the invocation fails and is replayed instead.
    /// </summary>
    private async Task DeadLetterInvocationAsync(
        string?[]? events, IReadOnlyDictionary<string, object?> bindingData, MalformedInvocationException error, CancellationToken cancellationToken)
    {
        var record = new InvocationRecord(
            events,
            bindingData.Where(p => !VolatileBindingData.Contains(p.Key))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => BindingDataValue.ToJson(p.Value) is { } json ? json.GetRawText() : null, StringComparer.Ordinal));
        var payload = JsonSerializer.SerializeToUtf8Bytes(record, BindingDataJsonContext.Default.InvocationRecord);
        var source = $"{Name}/sha256:{Convert.ToHexStringLower(SHA256.HashData(payload))[..16]}";
        LogMalformed(logger, error, source, payload.Length);

        var letter = new DeadLetter(
            Reason: $"Malformed invocation: {error.Message}",
            RawBody: Encoding.UTF8.GetString(payload),
            Source: source,
            PartitionId: null,
            SequenceNumber: null,
            EnqueuedTimeUtc: null,
            DeadLetteredAt: time.GetUtcNow());
        await deadLetters.WriteAsync([letter], cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying the batch of {Source}/{PartitionId}: retry {RetryCount} of {MaxRetryCount}")]
    private static partial void LogReplaying(ILogger logger, string source, string partitionId, string? retryCount, string? maxRetryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Source}/{PartitionId} (offsets {FirstOffset}..{LastOffset}): {Received} received, {Applied} applied, {Duplicates} duplicates, {DeadLettered} dead-lettered, {Suppressed} suppressed, {TooOldToCheck} too old to check, {CustomersWritten} customers written")]
    private static partial void LogProcessed(ILogger logger, string source, string partitionId, string? firstOffset, string? lastOffset, int received, int applied, int duplicates, int deadLettered, int suppressed, int tooOldToCheck, int customersWritten);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch of {Source}/{PartitionId} not processed ({EventCount} events); failing the invocation so the host replays it")]
    private static partial void LogNotProcessed(ILogger logger, Exception exception, string source, string partitionId, int eventCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {InvocationSource} ({InvocationBytes} bytes) cannot be made into a batch; dead-lettering it whole")]
    private static partial void LogMalformed(ILogger logger, Exception exception, string invocationSource, int invocationBytes);
}
