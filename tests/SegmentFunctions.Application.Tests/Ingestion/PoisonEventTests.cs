using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Ingestion;

/// <summary>Deterministic failures never fail a batch forever: the event, or at last the batch, is dead-lettered.</summary>
public sealed class PoisonEventTests
{
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;
    private static readonly DateTimeOffset Enqueued = T0.AddDays(1);

    private readonly InMemoryFeatureStore store = new();
    private readonly InMemoryDeadLetterSink sink = new();
    private readonly FixedTimeProvider clock = new(Enqueued);

    private EventBatchFeaturizer Featurizer() =>
        new(store, sink, new InMemorySuppressionList(), Options.Create(new IngestionOptions()), clock, NullLogger<EventBatchFeaturizer>.Instance);

    private static RawEvent Raw(CustomerEvent e, long sequence) => new(TestEvents.ToJson(e), sequence, Enqueued);

    [Fact]
    public async Task An_event_whose_fold_throws_is_dead_lettered_with_the_exception_type_and_the_rest_is_applied()
    {
        // A document written before amounts were bounded: one more purchase overflows its revenue.
        var legacy = new CustomerFeatures { CustomerId = "c-1", Orders = 1, Revenue = decimal.MaxValue - 1m };
        Assert.True((await store.WriteAsync(legacy, null, CancellationToken.None)).Succeeded);
        var purchase = TestEvents.Purchase("p1", "c-1", T0, "o-1", 10m);
        var view = TestEvents.Make("v1", EventType.PageView, "c-1", T0.AddMinutes(1));
        var other = TestEvents.Make("v2", EventType.PageView, "c-2", T0);

        var result = await Featurizer().ProcessAsync(new EventBatch("hub", "0", [Raw(purchase, 1), Raw(view, 2), Raw(other, 3)]), CancellationToken.None);

        Assert.Equal(2, result.Applied);
        Assert.Equal(1, result.DeadLettered);
        var letter = Assert.Single(sink.Letters);
        Assert.StartsWith($"{EventRejectionCodes.FoldFailed}: OverflowException", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(1, letter.SequenceNumber);
        Assert.Equal(TestEvents.ToJson(purchase), letter.RawBody);
        var stored = store.Peek("c-1")!;
        Assert.Equal(1, stored.Orders);
        Assert.Equal(decimal.MaxValue - 1m, stored.Revenue);
        Assert.Equal(1, stored.Count("page_view"));
        Assert.Equal(2, stored.Processing.Watermarks["hub/0"]);
        Assert.Equal(1, store.Peek("c-2")!.Count("page_view"));
    }

    [Fact]
    public async Task A_batch_failing_the_same_way_is_dead_lettered_whole_at_the_configured_count_and_the_partition_moves_on()
    {
        var inner = new ThrowingProcessor(new InvalidOperationException("The document cannot be written."));
        var guard = Guard(inner, maxFailures: 3);
        var batch = new EventBatch("hub", "7", [new RawEvent("{\"id\":\"a\"}", 40, Enqueued), new RawEvent("\"just a string\"", 41, Enqueued)]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ProcessAsync(batch, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ProcessAsync(batch, CancellationToken.None));
        Assert.Empty(sink.Letters);
        var result = await guard.ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(2, 0, 0, 2, 0, 0), result);
        Assert.Equal([40L, 41L], sink.Letters.Select(l => l.SequenceNumber!.Value));
        Assert.All(sink.Letters, l =>
        {
            Assert.StartsWith($"{EventRejectionCodes.BatchFailed}: The batch 40..41 failed 3 times in a row with InvalidOperationException", l.Reason, StringComparison.Ordinal);
            Assert.Equal("7", l.PartitionId);
        });
        Assert.Equal(["{\"id\":\"a\"}", "\"just a string\""], sink.Letters.Select(l => l.RawBody));
    }

    /// <summary>
    /// Erasure holds for a batch dead-lettered whole: an event whose customer id can be read (valid or not) and names an
    /// erased customer is counted as suppressed instead of kept as a letter; a body whose id cannot be read stays a
    /// letter, and the other letters carry the customer they name, so a later erasure finds them.
    /// </summary>
    [Fact]
    public async Task A_batch_dead_lettered_whole_keeps_no_letter_of_an_erased_customer_and_counts_it_as_suppressed()
    {
        using var meter = new Telemetry.IngestionMeterRecorder();
        var suppressions = new InMemorySuppressionList();
        await suppressions.AddAsync("erased", Enqueued, CancellationToken.None);
        var guard = Guard(new ThrowingProcessor(new InvalidOperationException("The document cannot be written.")), maxFailures: 1, suppressions);
        var batch = new EventBatch(meter.Source, "7",
        [
            Raw(TestEvents.Make("a", EventType.PageView, "erased", T0), 40),
            Raw(TestEvents.Make("b", EventType.PageView, "kept", T0), 41),
            new RawEvent("{\"type\":\"teleport\",\"customerId\":\"erased\",\"timestamp\":", 42, Enqueued),
            new RawEvent("{\"id\":\"c\",\"customerId\":", 43, Enqueued),
        ]);

        var result = await guard.ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(4, 0, 0, 2, 0, 0, Suppressed: 2), result);
        Assert.Equal([(41L, "kept"), (43L, null)], sink.Letters.Select(l => (l.SequenceNumber!.Value, l.CustomerId)).Order());
        Assert.All(sink.Letters, l => Assert.StartsWith(EventRejectionCodes.BatchFailed + ": ", l.Reason, StringComparison.Ordinal));
        Assert.Equal(2, meter.Total("segment.ingestion.events", "suppressed"));
        Assert.Equal(2, meter.Total("segment.ingestion.events", "dead_lettered"));
    }

    [Fact]
    public async Task Transient_store_failures_and_other_batches_restart_the_count()
    {
        var inner = new ThrowingProcessor(new StoreUnavailableException("503"));
        var guard = Guard(inner, maxFailures: 2);
        var batch = new EventBatch("hub", "0", [new RawEvent("{}", 1, Enqueued)]);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => guard.ProcessAsync(batch, CancellationToken.None));
        }

        inner.Failure = new InvalidOperationException("bug");
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ProcessAsync(batch, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ProcessAsync(batch with { Events = [new RawEvent("{}", 2, Enqueued)] }, CancellationToken.None));
        inner.Failure = null;
        await guard.ProcessAsync(batch, CancellationToken.None);
        inner.Failure = new InvalidOperationException("bug");
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ProcessAsync(batch, CancellationToken.None));

        Assert.Empty(sink.Letters);
    }

    private PoisonBatchGuard Guard(IEventBatchProcessor inner, int maxFailures, ISuppressionList? suppressions = null) =>
        new(inner, sink, suppressions ?? new InMemorySuppressionList(), Options.Create(new IngestionOptions { MaxBatchFailures = maxFailures }), clock,
            NullLogger<PoisonBatchGuard>.Instance);

    private sealed class ThrowingProcessor(Exception? failure) : IEventBatchProcessor
    {
        public Exception? Failure { get; set; } = failure;

        public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken) =>
            Failure is { } f ? Task.FromException<BatchResult>(f) : Task.FromResult(new BatchResult(batch.Events.Count, 0, 0, 0, 0, 0));
    }
}
