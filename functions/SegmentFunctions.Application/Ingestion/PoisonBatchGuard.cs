using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// Keeps a partition from stalling on a batch that can never succeed. A transient failure
/// (<see cref="StoreUnavailableException"/>, cancellation) always fails the invocation, so the host replays the batch
/// until the store is back. Any other exception is deterministic in all likelihood: the guard counts, per partition,
/// how often the same batch (same position) failed with the same exception type, and at
/// <see cref="IngestionOptions.MaxBatchFailures"/> it dead-letters every event of the batch
/// (<see cref="EventRejectionCodes.BatchFailed"/>, named by partition and sequence number) and reports the batch done,
/// so the checkpoint moves on. Until then it rethrows, and the host retries. Erasure holds for these letters as for
/// the featurizer's: an event whose customer id can be read (<see cref="RejectedEventCustomer"/>) and names an erased
/// customer is counted as suppressed instead, and every other letter carries the customer it names.
/// </summary>
/// <remarks>
/// The count lives in memory, one entry per partition: the host's retry policy replays a failed batch on the same
/// instance; if the partition moves to another instance the count starts again there, which only delays the verdict.
/// Events of the batch that an earlier attempt applied are dead-lettered too; their documents' watermarks skip them
/// if the letters are re-driven.
/// </remarks>
public sealed partial class PoisonBatchGuard(
    IEventBatchProcessor inner,
    IDeadLetterSink deadLetters,
    ISuppressionList suppressions,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<PoisonBatchGuard> logger) : IEventBatchProcessor
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Source, string PartitionId), FailureStreak> streaks = [];

    public async Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var partition = (batch.Source, batch.PartitionId);
        var position = BatchPosition.Of(batch);
        try
        {
            var result = await inner.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                streaks.Remove(partition);
            }

            return result;
        }
        catch (Exception exception) when (exception is not (StoreUnavailableException or OperationCanceledException))
        {
            var failures = CountFailure(partition, position, exception.GetType().FullName ?? exception.GetType().Name);
            if (failures < options.Value.MaxBatchFailures)
            {
                LogBatchFailed(exception, batch.Source, batch.PartitionId, position.ToString(), failures, options.Value.MaxBatchFailures);
                throw;
            }

            var started = Stopwatch.GetTimestamp();
            var now = clock.GetUtcNow();
            var reason = new EventRejection(
                EventRejectionCodes.BatchFailed,
                $"The batch {position} failed {failures} times in a row with {exception.GetType().Name}: {exception.Message}").ToString();
            var letters = batch.Events
                .Select(e => new DeadLetter(reason, e.Body, batch.Source, batch.PartitionId, e.SequenceNumber, e.EnqueuedTimeUtc, now, e.RejectedCustomerId, e.InvalidUtf8Body))
                .ToList();
            var suppressed = await SuppressErasedAsync(letters, cancellationToken).ConfigureAwait(false);
            if (letters.Count > 0)
            {
                await deadLetters.WriteAsync(letters, cancellationToken).ConfigureAwait(false);
            }

            lock (gate)
            {
                streaks.Remove(partition);
            }

            LogBatchDeadLettered(exception, batch.Source, batch.PartitionId, position.ToString(), failures, letters.Count, suppressed);
            var result = new BatchResult(batch.Events.Count, 0, 0, letters.Count, 0, 0, Suppressed: suppressed);
            SegmentTelemetry.RecordBatch(batch.Source, result, Stopwatch.GetElapsedTime(started));
            return result;
        }
    }

    /// <summary>Removes the letters of erased customers, in one suppression lookup; returns how many were removed.</summary>
    private async Task<int> SuppressErasedAsync(List<DeadLetter> letters, CancellationToken cancellationToken)
    {
        var named = letters.Select(l => l.CustomerId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
        {
            return 0;
        }

        var erased = await suppressions.FindSuppressedAsync(named, cancellationToken).ConfigureAwait(false);
        return erased.Count == 0 ? 0 : letters.RemoveAll(l => l.CustomerId is { } id && erased.Contains(id));
    }

    private int CountFailure((string, string) partition, BatchPosition position, string exceptionType)
    {
        lock (gate)
        {
            var count = streaks.TryGetValue(partition, out var streak) && streak.Position == position && streak.ExceptionType == exceptionType
                ? streak.Count + 1
                : 1;
            streaks[partition] = new FailureStreak(position, exceptionType, count);
            return count;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {Position} of {Source}/{PartitionId} failed ({Failures} of {MaxFailures} before it is dead-lettered)")]
    private partial void LogBatchFailed(Exception exception, string source, string partitionId, string position, int failures, int maxFailures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {Position} of {Source}/{PartitionId} failed {Failures} times in a row; {Events} of its events are dead-lettered, {Suppressed} of erased customers are not kept, and the partition moves on")]
    private partial void LogBatchDeadLettered(Exception exception, string source, string partitionId, string position, int failures, int events, int suppressed);

    private sealed record FailureStreak(BatchPosition Position, string ExceptionType, int Count);
}
