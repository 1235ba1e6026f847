using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// Keeps a partition from stalling on a batch that can never succeed. A transient failure
/// (<see cref="StoreUnavailableException"/>, cancellation) always fails the invocation, so the host replays the batch
/// until the store is back. Any other exception is deterministic in all likelihood: the guard counts, per partition,
/// how often the same batch (same position) failed with the same exception type, and at
/// <see cref="IngestionOptions.MaxBatchFailures"/> it dead-letters every event of the batch
/// (<see cref="EventRejectionCodes.BatchFailed"/>, named by partition and sequence number) and reports the batch done,
/// so the checkpoint moves on. Until then it rethrows, and the host retries.
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

            var now = clock.GetUtcNow();
            var reason = new EventRejection(
                EventRejectionCodes.BatchFailed,
                $"The batch {position} failed {failures} times in a row with {exception.GetType().Name}: {exception.Message}").ToString();
            await deadLetters.WriteAsync(
                [.. batch.Events.Select(e => new DeadLetter(reason, e.Body, batch.Source, batch.PartitionId, e.SequenceNumber, e.EnqueuedTimeUtc, now, RawBodyUtf8: e.InvalidUtf8Body))],
                cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                streaks.Remove(partition);
            }

            LogBatchDeadLettered(exception, batch.Source, batch.PartitionId, position.ToString(), failures, batch.Events.Count);
            return new BatchResult(batch.Events.Count, 0, 0, batch.Events.Count, 0, 0);
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {Position} of {Source}/{PartitionId} failed {Failures} times in a row; its {Events} events are dead-lettered and the partition moves on")]
    private partial void LogBatchDeadLettered(Exception exception, string source, string partitionId, string position, int failures, int events);

    private sealed record FailureStreak(BatchPosition Position, string ExceptionType, int Count);
}
