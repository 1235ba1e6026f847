using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Storage.EventHubs;
using SegmentFunctions.Testing;
using SegmentFunctions.Testing.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>The processor over the Event Hubs test double: retries in place, checkpoints after the featurizer, stops gracefully.</summary>
public sealed class EventHubIngestionProcessorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TemporaryDirectory _directory = new();
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 1);
    private readonly BlobCheckpointStore _checkpoints;

    public EventHubIngestionProcessorTests()
    {
        _checkpoints = new BlobCheckpointStore(new LocalFolderBlobStore(_directory.Path));
    }

    [Fact]
    public async Task A_transient_store_failure_retries_the_same_batch_and_no_event_is_skipped()
    {
        await SendAsync(40);
        var featurizer = new RecordingEventBatchProcessor { FailWith = new StoreUnavailableException("the store is down") };
        var processor = Processor(featurizer);

        await processor.StartProcessingAsync();
        await WaitForAsync(() => featurizer.Batches.Count >= 3);
        featurizer.FailWith = null;
        await WaitForAsync(() => processor.Totals.Received >= 40);
        await processor.StopAsync(CancellationToken.None);

        var attempts = featurizer.Batches;
        Assert.Equal(attempts[0].Events.Select(e => e.SequenceNumber), attempts[1].Events.Select(e => e.SequenceNumber));
        Assert.Equal(attempts[0].Events.Select(e => e.SequenceNumber), attempts[2].Events.Select(e => e.SequenceNumber));
        var applied = attempts.Skip(attempts.Count - (int)processor.Batches).SelectMany(b => b.Events).Select(e => e.SequenceNumber!.Value);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), applied);
        await AssertCheckpointAfterAsync(processor, 39);
    }

    [Fact]
    public async Task Stopping_lets_the_batch_in_hand_finish_and_checkpoint()
    {
        await SendAsync(10);
        var featurizer = new GatedProcessor();
        var processor = Processor(featurizer);
        await processor.StartProcessingAsync();
        await featurizer.Entered.Task.WaitAsync(Timeout);

        var stopping = processor.StopAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the stop did not wait for the batch in hand");
        featurizer.Release.SetResult();
        await stopping.WaitAsync(Timeout);

        Assert.Equal(10, processor.Totals.Received);
        await AssertCheckpointAfterAsync(processor, 9);
    }

    [Fact]
    public async Task Batches_within_the_checkpoint_interval_share_one_checkpoint_written_once_the_partition_runs_idle()
    {
        await SendAsync(60);
        var counting = new CountingCheckpointStore(_checkpoints);
        var featurizer = new RecordingEventBatchProcessor();
        var processor = Processor(featurizer, counting, TimeSpan.FromHours(1));

        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= 60);
        await WaitForAsync(() => counting.Updates >= 1);
        await processor.StopAsync(CancellationToken.None);

        Assert.True(processor.Batches >= 6, $"{processor.Batches} batches");
        Assert.InRange(counting.Updates, 1, processor.Batches / 2);
        await AssertCheckpointAfterAsync(processor, 59);
    }

    [Fact]
    public async Task Stopping_checkpoints_the_batches_applied_since_the_last_checkpoint()
    {
        await SendAsync(30);
        var counting = new CountingCheckpointStore(_checkpoints);
        var processor = Processor(new RecordingEventBatchProcessor(), counting, TimeSpan.FromHours(1), maximumWaitTime: TimeSpan.FromHours(1));

        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= 30);
        Assert.Equal(0, counting.Updates);
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(1, counting.Updates);
        await AssertCheckpointAfterAsync(processor, 29);
    }

    private EventHubIngestionProcessor Processor(
        IEventBatchProcessor featurizer, CheckpointStore? store = null, TimeSpan? checkpointInterval = null, TimeSpan? maximumWaitTime = null) =>
        EventHubIngestionProcessor.Create(
            store ?? _checkpoints,
            new EventHubSettings(_hub.ConnectionString, null, null, _hub.Name, "$Default"),
            new EventHubsOptions
            {
                ConsumeBatchSize = 10,
                LoadBalancingInterval = TimeSpan.FromMilliseconds(300),
                MaximumWaitTime = maximumWaitTime ?? TimeSpan.FromMilliseconds(200),
                CheckpointInterval = checkpointInterval ?? TimeSpan.Zero,
            },
            featurizer,
            NullLogger<EventHubIngestionProcessor>.Instance);

    private async Task SendAsync(int count)
    {
        await using var producer = new EventHubProducerClient(_hub.ConnectionString, _hub.Name);
        await producer.SendAsync([.. Enumerable.Range(0, count).Select(i => new EventData(Encoding.UTF8.GetBytes($$"""{"id":"e{{i}}"}""")))], new SendEventOptions { PartitionId = "0" });
    }

    private async Task AssertCheckpointAfterAsync(EventHubIngestionProcessor processor, long sequenceNumber)
    {
        var checkpoint = await _checkpoints.GetCheckpointAsync(processor.FullyQualifiedNamespace, _hub.Name, "$Default", "0", CancellationToken.None);
        var offset = _hub.Events("0")[(int)sequenceNumber].Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(EventPosition.FromOffset(offset, isInclusive: false), checkpoint!.StartingPosition);
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _hub.Dispose();
        _directory.Dispose();
    }

    /// <summary>The project's checkpoint store, counting the checkpoints written through it.</summary>
    private sealed class CountingCheckpointStore(CheckpointStore inner) : CheckpointStore
    {
        private int updates;

        public int Updates => Volatile.Read(ref updates);

        public override Task<IEnumerable<EventProcessorPartitionOwnership>> ListOwnershipAsync(
            string fullyQualifiedNamespace, string eventHubName, string consumerGroup, CancellationToken cancellationToken) =>
            inner.ListOwnershipAsync(fullyQualifiedNamespace, eventHubName, consumerGroup, cancellationToken);

        public override Task<IEnumerable<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(
            IEnumerable<EventProcessorPartitionOwnership> desiredOwnership, CancellationToken cancellationToken) =>
            inner.ClaimOwnershipAsync(desiredOwnership, cancellationToken);

        public override Task<EventProcessorCheckpoint> GetCheckpointAsync(
            string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, CancellationToken cancellationToken) =>
            inner.GetCheckpointAsync(fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId, cancellationToken);

        public override async Task UpdateCheckpointAsync(
            string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, string clientIdentifier,
            CheckpointPosition startingPosition, CancellationToken cancellationToken)
        {
            await inner.UpdateCheckpointAsync(fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId, clientIdentifier, startingPosition, cancellationToken);
            Interlocked.Increment(ref updates);
        }
    }

    /// <summary>Holds the first batch until released, as a featurizer whose writes are still in flight.</summary>
    private sealed class GatedProcessor : IEventBatchProcessor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return new BatchResult(batch.Events.Count, batch.Events.Count, 0, 0, 0, 0);
        }
    }
}
