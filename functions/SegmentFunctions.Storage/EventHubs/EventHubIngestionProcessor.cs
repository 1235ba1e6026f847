using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Storage.EventHubs;

/// <summary>
/// Ingestion outside the Functions host: an Event Hubs event processor (the SDK's load balancing over the partitions,
/// shared by every instance with the same checkpoint store and consumer group) that feeds each received batch to the
/// same <see cref="IEventBatchProcessor"/> as the function, and checkpoints the batch's last event only after the
/// featurizer returned, that is after its writes are durable. A failing batch is retried in place with backoff until
/// it succeeds or the featurizer's poison guard dead-letters it, so a partition never skips a batch; a restart resumes
/// after the last checkpoint and the featurizer's watermarks skip what is delivered again.
/// </summary>
/// <remarks>
/// A checkpoint is a blob write, which costs more than featurizing a batch on the embedded store, so a partition
/// checkpoints at most once per <see cref="EventHubsOptions.CheckpointInterval"/>, always after the writes of the
/// batches it covers, and also when the partition runs idle (the processor hands over an empty batch after
/// <see cref="EventHubsOptions.MaximumWaitTime"/>) and when processing stops. What a crash leaves uncheckpointed is
/// delivered again and skipped by the watermarks, so the effect stays exactly once.
/// <see cref="StopAsync"/> lets the batch in hand finish and checkpoint; only when its token fires are in-flight
/// batches abandoned (not checkpointed, so they are delivered again).
/// </remarks>
public sealed partial class EventHubIngestionProcessor : PluggableCheckpointStoreEventProcessor<EventProcessorPartition>
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly IEventBatchProcessor featurizer;
    private readonly ILogger logger;
    private readonly CancellationTokenSource abort = new();
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, PartitionProgress> progress = new(StringComparer.Ordinal);
    private readonly TimeSpan checkpointInterval;
    private BatchResult totals = new(0, 0, 0, 0, 0, 0);
    private long batches;
    private long lastActivity = Stopwatch.GetTimestamp();
    private int batchesInHand;

    private EventHubIngestionProcessor(
        CheckpointStore store, EventHubSettings hub, EventHubsOptions options, IEventBatchProcessor featurizer, ILogger logger)
        : base(store, options.ConsumeBatchSize, hub.ConsumerGroup, hub.ConnectionString!, hub.EventHubName, ProcessorOptions(options))
    {
        checkpointInterval = options.CheckpointInterval;
        this.featurizer = featurizer;
        this.logger = logger;
    }

    private EventHubIngestionProcessor(
        CheckpointStore store, EventHubSettings hub, TokenCredential credential, EventHubsOptions options, IEventBatchProcessor featurizer, ILogger logger)
        : base(store, options.ConsumeBatchSize, hub.ConsumerGroup, hub.FullyQualifiedNamespace!, hub.EventHubName, credential, ProcessorOptions(options))
    {
        checkpointInterval = options.CheckpointInterval;
        this.featurizer = featurizer;
        this.logger = logger;
    }

    /// <summary>Called after every batch is featurized and checkpointed, with the partition and the batch's result.</summary>
    public event Action<string, BatchResult>? BatchCompleted;

    /// <summary>What the batches processed by this instance did so far.</summary>
    public BatchResult Totals
    {
        get
        {
            lock (gate)
            {
                return totals;
            }
        }
    }

    public long Batches => Interlocked.Read(ref batches);

    /// <summary>How long since the last batch of events finished (or since the processor was created); zero while a batch is in hand.</summary>
    public TimeSpan IdleFor => Volatile.Read(ref batchesInHand) > 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Interlocked.Read(ref lastActivity));

    /// <summary>A processor on the hub's connection string, or on its namespace with the configured credential.</summary>
    public static EventHubIngestionProcessor Create(
        CheckpointStore store, EventHubSettings hub, EventHubsOptions options, IEventBatchProcessor featurizer, ILogger<EventHubIngestionProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.ConnectionString is not null
            ? new EventHubIngestionProcessor(store, hub, options, featurizer, logger)
            : new EventHubIngestionProcessor(store, hub, hub.Credential(), options, featurizer, logger);
    }

    /// <summary>
    /// Stops claiming and receiving; the batches in hand finish and, with those applied since each partition's last
    /// checkpoint, are checkpointed, unless <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var forced = cancellationToken.Register(abort.Cancel);
        try
        {
            await StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var (partitionId, state) in progress)
            {
                await CheckpointPendingAsync(partitionId, state).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The stop was forced: what is not checkpointed is delivered again on restart.
        }
        finally
        {
            abort.Cancel();
        }
    }

    protected override async Task OnProcessingEventBatchAsync(IEnumerable<EventData> events, EventProcessorPartition partition, CancellationToken cancellationToken)
    {
        var state = progress.GetOrAdd(partition.PartitionId, static _ => new PartitionProgress());
        var received = events as IReadOnlyList<EventData> ?? [.. events];
        if (received.Count == 0)
        {
            // The partition ran idle: what it applied becomes its checkpoint now rather than after the next interval.
            await CheckpointPendingAsync(partition.PartitionId, state).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref batchesInHand);
        BatchResult result;
        try
        {
            var batch = EventDataBatches.ToEventBatch(EventHubName, partition.PartitionId, received);
            result = await FeaturizeAsync(batch).ConfigureAwait(false);
            state.Pending = CheckpointPosition.FromEvent(received[^1]);
            if (Stopwatch.GetElapsedTime(state.LastCheckpoint) >= checkpointInterval)
            {
                await CheckpointPendingAsync(partition.PartitionId, state).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Exchange(ref lastActivity, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref batchesInHand);
        }

        lock (gate)
        {
            totals = totals.Add(result);
        }

        Interlocked.Increment(ref batches);
        BatchCompleted?.Invoke(partition.PartitionId, result);
    }

    protected override Task OnProcessingErrorAsync(Exception exception, EventProcessorPartition partition, string operationDescription, CancellationToken cancellationToken)
    {
        LogProcessingError(exception, EventHubName, partition?.PartitionId ?? "(none)", operationDescription);
        return Task.CompletedTask;
    }

    protected override Task OnInitializingPartitionAsync(EventProcessorPartition partition, CancellationToken cancellationToken)
    {
        progress[partition.PartitionId] = new PartitionProgress();
        LogPartitionClaimed(EventHubName, partition.PartitionId, Identifier);
        return Task.CompletedTask;
    }

    /// <remarks>
    /// A partition taken over by another instance forgets what it applied since its last checkpoint: the new owner
    /// may have checkpointed further already. On shutdown, <see cref="StopAsync"/> checkpoints it once every batch in
    /// hand has finished.
    /// </remarks>
    protected override Task OnPartitionProcessingStoppedAsync(EventProcessorPartition partition, ProcessingStoppedReason reason, CancellationToken cancellationToken)
    {
        if (reason != ProcessingStoppedReason.Shutdown)
        {
            progress.TryRemove(partition.PartitionId, out _);
        }

        LogPartitionStopped(EventHubName, partition.PartitionId, reason.ToString());
        return Task.CompletedTask;
    }

    private async Task CheckpointPendingAsync(string partitionId, PartitionProgress state)
    {
        if (state.Pending is not { } position)
        {
            return;
        }

        await UpdateCheckpointAsync(partitionId, position, abort.Token).ConfigureAwait(false);
        state.Pending = null;
        state.LastCheckpoint = Stopwatch.GetTimestamp();
    }

    private async Task<BatchResult> FeaturizeAsync(EventBatch batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await featurizer.ProcessAsync(batch, abort.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                // Transient store failures end here, and so do deterministic ones until the poison guard dead-letters
                // the batch: either way the batch is retried in place, never skipped.
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt - 1, 10))));
                LogBatchRetry(ex, batch.Source, batch.PartitionId, BatchPosition.Of(batch).ToString(), attempt, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, abort.Token).ConfigureAwait(false);
            }
        }
    }

    private static EventProcessorOptions ProcessorOptions(EventHubsOptions options) => new()
    {
        RetryOptions = options.ToRetryOptions(),
        LoadBalancingUpdateInterval = options.LoadBalancingInterval,
        PartitionOwnershipExpirationInterval = options.OwnershipExpiration,
        MaximumWaitTime = options.MaximumWaitTime,
        PrefetchCount = options.PrefetchCount ?? Math.Max(options.ConsumeBatchSize * 2, 300),
        Identifier = options.ProcessorIdentifier,

        // On by default in the SDK: every received event would carry and update the partition's last-enqueued
        // metadata, which nothing here reads.
        TrackLastEnqueuedEventProperties = false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {Position} of {Source}/{PartitionId} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private partial void LogBatchRetry(Exception exception, string source, string partitionId, string position, int attempt, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event processor error on {EventHubName}/{PartitionId} during {Operation}")]
    private partial void LogProcessingError(Exception exception, string eventHubName, string partitionId, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing {EventHubName}/{PartitionId} as {ProcessorId}")]
    private partial void LogPartitionClaimed(string eventHubName, string partitionId, string processorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped processing {EventHubName}/{PartitionId}: {Reason}")]
    private partial void LogPartitionStopped(string eventHubName, string partitionId, string reason);

    /// <summary>A partition's last applied batch not yet checkpointed, and when it was last checkpointed; used by one partition's processing at a time.</summary>
    private sealed class PartitionProgress
    {
        public CheckpointPosition? Pending { get; set; }

        public long LastCheckpoint { get; set; } = Stopwatch.GetTimestamp();
    }
}
