using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
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

    private EventHubIngestionProcessor Processor(IEventBatchProcessor featurizer) =>
        EventHubIngestionProcessor.Create(
            _checkpoints,
            new EventHubSettings(_hub.ConnectionString, null, null, _hub.Name, "$Default"),
            new EventHubsOptions { ConsumeBatchSize = 10, LoadBalancingInterval = TimeSpan.FromMilliseconds(300), MaximumWaitTime = TimeSpan.FromMilliseconds(200) },
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
