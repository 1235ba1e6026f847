using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Ingestion;

public sealed class EventBatchFeaturizerTests
{
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;
    private static readonly DateTimeOffset Enqueued = T0.AddDays(30);

    private readonly InMemoryFeatureStore store = new();
    private readonly InMemoryDeadLetterSink sink = new();
    private readonly FixedTimeProvider clock = new(Enqueued.AddMinutes(1));
    private readonly InMemorySuppressionList suppressions = new();

    private EventBatchFeaturizer Featurizer(IngestionOptions? options = null) =>
        new(store, sink, suppressions, Options.Create(options ?? new IngestionOptions()), clock, NullLogger<EventBatchFeaturizer>.Instance);

    private static RawEvent Raw(CustomerEvent e, long? sequence) => new(TestEvents.ToJson(e), sequence, Enqueued);

    private static CustomerEvent View(string id, string customer, int minutes) =>
        TestEvents.Make(id, EventType.PageView, customer, T0.AddMinutes(minutes), channel: "web");

    private static EventBatch Batch(string partition, params RawEvent[] events) => new("hub", partition, events);

    /// <summary>
    /// A rejected event that names an erased customer is not dead-lettered (which would bring back the raw data erasure
    /// deleted, on every replay) but counted as suppressed; a rejected event of any other customer is dead-lettered with
    /// the customer id it names, so that erasure finds it.
    /// </summary>
    [Fact]
    public async Task A_rejected_event_of_an_erased_customer_is_counted_as_suppressed_and_not_dead_lettered()
    {
        await suppressions.AddAsync("gone", Enqueued, CancellationToken.None);
        string[] bodies =
        [
            """{"id":"b1","type":"purchase","customerId":"gone","timestamp":"2026-03-01T10:00:00Z","orderId":"o1","amount":5e12}""",
            """{"id":"b2","customerId":"gone","type":"page_view","timestamp":""",
            """{"id":"b3","type":"purchase","customerId":"kept","timestamp":"2026-03-01T10:00:00Z","orderId":"o3","amount":5e12}""",
            """{"id":"b4","type":"teleport","timestamp":"2026-03-01T10:00:00Z"}""",
        ];

        var result = await Featurizer().ProcessAsync(Batch("0", [.. bodies.Select((b, i) => new RawEvent(b, i + 1, Enqueued))]), CancellationToken.None);

        Assert.Equal((4, 0, 2, 2), (result.Received, result.Applied, result.DeadLettered, result.Suppressed));
        var letters = sink.Letters.OrderBy(l => l.SequenceNumber).ToList();
        Assert.Equal([3L, 4L], letters.Select(l => l.SequenceNumber!.Value));
        Assert.Equal(["kept", null], letters.Select(l => l.CustomerId));
    }

    /// <summary>Bytes as the Event Hubs client received them: a body that is not valid UTF-8 is dead-lettered with those bytes, since no text holds them exactly.</summary>
    [Fact]
    public async Task A_body_received_as_bytes_that_are_not_utf8_is_dead_lettered_with_its_bytes()
    {
        byte[] invalid = [.. "{\"id\":\"e-"u8, 0xC3, 0x28, .. "\",\"type\":\"page_view\",\"customerId\":\"c-1\",\"timestamp\":\"2026-03-01T10:00:00Z\"}"u8];
        byte[] notJson = [.. "not json"u8];
        byte[] valid = System.Text.Encoding.UTF8.GetBytes(TestEvents.ToJson(View("v1", "c-1", 0)));

        var result = await Featurizer().ProcessAsync(
            Batch("0", new RawEvent(invalid, 1, Enqueued), new RawEvent(notJson, 2, Enqueued), new RawEvent(valid, 3, Enqueued)), CancellationToken.None);

        Assert.Equal((3, 1, 2), (result.Received, result.Applied, result.DeadLettered));
        var letters = sink.Letters.OrderBy(l => l.SequenceNumber).ToList();
        Assert.Equal(invalid, letters[0].RawBodyUtf8);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(invalid), letters[0].RawBody);
        Assert.Null(letters[1].RawBodyUtf8);
        Assert.Equal("not json", letters[1].RawBody);
    }

    [Fact]
    public async Task Events_of_suppressed_customers_are_skipped_and_counted_with_one_lookup_per_batch()
    {
        await suppressions.AddAsync("c-gone", Enqueued, CancellationToken.None);
        var batch = Batch("0",
            Raw(View("v1", "c-gone", 0), 1),
            Raw(View("v2", "c-1", 1), 2),
            Raw(View("v3", "c-gone", 2), 3),
            Raw(View("v4", "c-2", 3), 4));

        var result = await Featurizer().ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(4, 2, 0, 0, 2, 4, Suppressed: 2), result);
        Assert.Equal(1, suppressions.Lookups);
        Assert.Null(await store.ReadAsync("c-gone", CancellationToken.None));
        Assert.Empty(sink.Letters);
    }

    [Fact]
    public async Task Bad_events_go_to_one_dead_letter_write_with_their_reasons_and_good_events_are_applied()
    {
        var batch = Batch("0",
            Raw(View("v1", "c-1", 0), 1),
            new RawEvent("{not json", 2, Enqueued),
            Raw(TestEvents.Purchase("p1", "c-1", T0.AddHours(1), "o-1", 10m), 3),
            new RawEvent("""{"id":"e-4","type":"purchase","customerId":"c-2","timestamp":"2026-03-01T10:00:00Z","orderId":"o-4","amount":-1}""", 4, Enqueued),
            new RawEvent("""{"id":"e-5","type":"page_view","customerId":"c-2","timestamp":"2026-03-01T10:00:00"}""", 5, Enqueued),
            new RawEvent("""{"id":"e-6","type":"teleport","customerId":"c-2","timestamp":"2026-03-01T10:00:00Z"}""", 6, Enqueued),
            new RawEvent("""{"id":"e-7","type":"page_view","customerId":"c-2","timestamp":"2026-04-02T10:00:00Z"}""", 7, Enqueued),
            Raw(View("v8", "c-2", 5), 8));

        var result = await Featurizer().ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(8, 3, 0, 5, 2, 4), result);
        Assert.Equal(1, sink.Calls);
        var letters = sink.Letters;
        Assert.Equal([2L, 4L, 5L, 6L, 7L], letters.Select(l => l.SequenceNumber!.Value));
        Assert.Equal(
            [EventRejectionCodes.MalformedJson, EventRejectionCodes.NegativeAmount, EventRejectionCodes.InvalidTimestamp,
             EventRejectionCodes.UnknownEventType, EventRejectionCodes.TimestampInFuture],
            letters.Select(l => l.Reason[..l.Reason.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(letters, l =>
        {
            Assert.Equal("hub", l.Source);
            Assert.Equal("0", l.PartitionId);
            Assert.Equal(Enqueued, l.EnqueuedTimeUtc);
            Assert.Equal(clock.Now, l.DeadLetteredAt);
        });
        Assert.Equal("{not json", letters[0].RawBody);

        var c1 = store.Peek("c-1")!;
        Assert.Equal(1, c1.Count("page_view"));
        Assert.Equal(1, c1.Orders);
        Assert.Equal(10m, c1.Revenue);
        Assert.Equal(3, c1.Processing.Watermarks["hub/0"]);
        Assert.Equal(1, store.Peek("c-2")!.Count("page_view"));
    }

    [Fact]
    public async Task A_batch_without_bad_events_does_not_call_the_dead_letter_sink()
    {
        await Featurizer().ProcessAsync(Batch("0", Raw(View("v1", "c-1", 0), 1)), CancellationToken.None);

        Assert.Equal(0, sink.Calls);
    }

    [Fact]
    public async Task Round_trips_are_one_read_per_customer_plus_one_write_per_changed_customer()
    {
        var events = Enumerable.Range(0, 40).Select(i => Raw(View($"v{i}", $"c-{i % 4}", i), i + 1)).ToArray();

        var result = await Featurizer().ProcessAsync(Batch("0", events), CancellationToken.None);

        Assert.Equal(4, store.Reads);
        Assert.Equal(4, store.Writes);
        Assert.Equal(new BatchResult(40, 40, 0, 0, 4, 8), result);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(10, store.Peek($"c-{c}")!.Count("page_view")));
    }

    [Fact]
    public async Task A_replayed_batch_is_skipped_by_the_partition_watermark_without_writes()
    {
        var batch = Batch("0", Raw(View("v1", "c-1", 0), 10), Raw(View("v2", "c-2", 1), 11));
        var featurizer = Featurizer();
        await featurizer.ProcessAsync(batch, CancellationToken.None);
        var before = store.Peek("c-1")!;
        store.ResetCounters();

        var replay = await featurizer.ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(2, 0, 2, 0, 0, 2), replay);
        Assert.Equal(0, store.Writes);
        FeatureDocumentAssert.Equivalent(before, store.Peek("c-1")!, ignoreWatermarks: false, relativeTolerance: 0);
    }

    [Fact]
    public async Task A_duplicate_from_another_partition_or_without_sequence_numbers_is_skipped_by_its_dedupe_key()
    {
        var featurizer = Featurizer();
        var purchase = TestEvents.Purchase("p1", "c-1", T0, "o-1", 25m);
        await featurizer.ProcessAsync(Batch("0", Raw(purchase, 5)), CancellationToken.None);

        var fromOtherPartition = await featurizer.ProcessAsync(Batch("1", Raw(purchase, 900)), CancellationToken.None);
        var resentWithNewId = await featurizer.ProcessAsync(
            new EventBatch("cli", "local", [Raw(purchase with { Id = "p1-again" }, null), Raw(View("v1", "c-1", 3), null)]),
            CancellationToken.None);

        Assert.Equal(1, fromOtherPartition.Duplicates);
        Assert.Equal(1, fromOtherPartition.CustomersWritten);
        Assert.Equal(1, resentWithNewId.Duplicates);
        Assert.Equal(1, resentWithNewId.Applied);
        var features = store.Peek("c-1")!;
        Assert.Equal(1, features.Orders);
        Assert.Equal(25m, features.Revenue);
        Assert.Equal(1, features.Count("page_view"));
        Assert.Equal(5, features.Processing.Watermarks["hub/0"]);
        Assert.Equal(900, features.Processing.Watermarks["hub/1"]);
        Assert.False(features.Processing.Watermarks.ContainsKey("cli/local"));
    }

    [Fact]
    public async Task The_future_timestamp_rule_uses_the_enqueued_time_so_a_replay_decides_the_same()
    {
        var late = TestEvents.Make("v1", EventType.PageView, "c-1", Enqueued.AddHours(20));
        var batch = Batch("0", Raw(late, 1));
        clock.Now = Enqueued.AddDays(5);

        var first = await Featurizer().ProcessAsync(batch, CancellationToken.None);
        clock.Now = Enqueued.AddDays(-5);
        var replay = await Featurizer().ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(1, first.Applied);
        Assert.Equal(0, replay.DeadLettered);
        Assert.Equal(1, replay.Duplicates);
    }

    [Fact]
    public async Task The_clock_is_the_reference_when_the_enqueued_time_is_unknown()
    {
        var body = TestEvents.ToJson(TestEvents.Make("v1", EventType.PageView, "c-1", clock.Now.AddDays(2)));

        var result = await Featurizer().ProcessAsync(Batch("0", new RawEvent(body, 1, null)), CancellationToken.None);

        Assert.Equal(1, result.DeadLettered);
        Assert.StartsWith(EventRejectionCodes.TimestampInFuture, Assert.Single(sink.Letters).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_store_makes_the_batch_fail_and_a_replay_then_applies_it_once()
    {
        var batch = Batch("0", Raw(View("v1", "c-1", 0), 1), Raw(View("v2", "c-2", 0), 2), Raw(View("v3", "c-3", 0), 3));
        var featurizer = Featurizer(new IngestionOptions { MaxConcurrency = 1 });
        store.FailAfterWrites(1);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => featurizer.ProcessAsync(batch, CancellationToken.None));
        var replay = await featurizer.ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(1, replay.Duplicates);
        Assert.Equal(2, replay.Applied);
        Assert.All(["c-1", "c-2", "c-3"], c => Assert.Equal(1, store.Peek(c)!.Count("page_view")));
    }

    [Fact]
    public async Task A_store_that_stays_unavailable_makes_ProcessAsync_throw()
    {
        store.Unavailable = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(
            () => Featurizer().ProcessAsync(Batch("0", Raw(View("v1", "c-1", 0), 1)), CancellationToken.None));
    }

    [Fact]
    public async Task Two_concurrent_writers_on_one_customer_lose_no_update()
    {
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        store.AfterRead = async (_, ct) =>
        {
            var n = Interlocked.Increment(ref reads);
            if (n == 2)
            {
                bothRead.SetResult();
            }

            if (n <= 2)
            {
                await bothRead.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
        };
        var first = Batch("0", Raw(View("v1", "c-1", 0), 1), Raw(TestEvents.Purchase("p1", "c-1", T0, "o-1", 5m), 2));
        var second = Batch("1", Raw(View("v2", "c-1", 1), 1), Raw(TestEvents.Purchase("p2", "c-1", T0.AddDays(2), "o-2", 7m), 2));

        var results = await Task.WhenAll(
            Task.Run(() => Featurizer().ProcessAsync(first, CancellationToken.None)),
            Task.Run(() => Featurizer().ProcessAsync(second, CancellationToken.None)));

        var features = store.Peek("c-1")!;
        Assert.Equal(2, features.Count("page_view"));
        Assert.Equal(2, features.Orders);
        Assert.Equal(12m, features.Revenue);
        Assert.Equal(new Dictionary<string, long> { ["hub/0"] = 2, ["hub/1"] = 2 }, features.Processing.Watermarks);
        Assert.Equal(3, store.Writes);
        Assert.Equal([2, 4], results.Select(r => r.StoreRoundTrips).Order());
    }

    [Fact]
    public async Task Conflicts_beyond_the_retry_bound_fail_the_batch()
    {
        await Featurizer().ProcessAsync(Batch("0", Raw(View("v1", "c-1", 0), 1)), CancellationToken.None);
        store.ResetCounters();
        store.AfterRead = (id, _) =>
        {
            store.Touch(id);
            return Task.CompletedTask;
        };

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => Featurizer(new IngestionOptions { MaxConflictRetries = 2 }).ProcessAsync(Batch("0", Raw(View("v2", "c-1", 1), 2)), CancellationToken.None));

        Assert.Contains("c-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, store.Reads);
        Assert.Equal(3, store.Writes);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Featurizer(new IngestionOptions { MaxConcurrency = 0 }));

        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fold_bounds_come_from_the_options()
    {
        var featurizer = Featurizer(new IngestionOptions { DedupeHorizonDays = 1, MaxRecentKeys = 3 });

        await featurizer.ProcessAsync(Batch("0", Raw(View("v1", "c-1", 0), 1), Raw(View("v2", "c-1", 1), 2), Raw(View("v3", "c-1", 2), 3),
            Raw(View("v4", "c-1", 3), 4), Raw(View("v5", "c-1", 3 * 24 * 60), 5)), CancellationToken.None);

        Assert.Equal(1, store.Peek("c-1")!.Processing.RecentKeys.Count);
        Assert.Equal(FeatureFoldSettings.Default.DedupeHorizon, TimeSpan.FromDays(new IngestionOptions().DedupeHorizonDays));
        Assert.Equal(FeatureFoldSettings.Default.MaxRecentKeys, new IngestionOptions().MaxRecentKeys);
    }
}
