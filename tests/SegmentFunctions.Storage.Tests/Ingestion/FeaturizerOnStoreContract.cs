using SegmentFunctions.Application.Erasure;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;
using Xunit.Abstractions;

namespace SegmentFunctions.Storage.Tests.Ingestion;

/// <summary>
/// The featurizer's delivery guarantees on a real feature store and dead-letter sink, run against each pair of
/// adapters: what the in-memory tests show must survive real serialization, ETags and round trips.
/// </summary>
public abstract class FeaturizerOnStoreContract(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;
    private static readonly DateTimeOffset Enqueued = T0.AddDays(60);
    private static readonly string[] Channels = ["web", "app", "email", "store"];

    /// <summary>A new, empty feature store (its own file or container) sharing the adapter under test.</summary>
    protected abstract IFeatureStore CreateStore();

    protected abstract IDeadLetterArchive DeadLetters { get; }

    /// <summary>Name printed with the round-trip figures.</summary>
    protected abstract string StoreName { get; }

    /// <summary>The suppression list of the adapter under test, shared by the stores <see cref="CreateStore"/> makes.</summary>
    protected abstract ISuppressionList Suppressions { get; }

    private EventBatchFeaturizer Featurizer(IFeatureStore store) =>
        new(store, DeadLetters, Suppressions, Options.Create(new IngestionOptions { MaxConcurrency = 8 }), TimeProvider.System, NullLogger<EventBatchFeaturizer>.Instance);

    private static string Customer(string prefix, int i) => $"{prefix}-{i:D3}";

    /// <summary>Views, carts and purchases for a few customers.</summary>
    private static List<CustomerEvent> History(string prefix, int customers, int perCustomer)
    {
        var events = new List<CustomerEvent>();
        for (var c = 0; c < customers; c++)
        {
            var customer = Customer(prefix, c);
            for (var k = 0; k < perCustomer; k++)
            {
                var at = T0.AddHours(c * 7 + k * 13);
                var id = $"{customer}-e{k}";
                events.Add((k % 4) switch
                {
                    0 => TestEvents.Purchase(id, customer, at, $"{customer}-o{k}", 10m + k, category: k % 8 == 0 ? "books" : "shoes", channel: Channels[k % 4]),
                    1 => TestEvents.Make(id, EventType.AddToCart, customer, at, items: [new LineItem("sku-1", "books", 1, 5m)], channel: "app"),
                    _ => TestEvents.Make(id, EventType.PageView, customer, at, channel: Channels[(k + c) % 4], campaign: "spring"),
                });
            }
        }

        return events;
    }

    private static EventBatch Batch(string partition, IEnumerable<CustomerEvent> events, long firstSequence = 1) =>
        new("hub", partition, [.. events.Select((e, i) => new RawEvent(TestEvents.ToJson(e), firstSequence + i, Enqueued))]);

    private static async Task<Dictionary<string, CustomerFeatures>> ReadAll(IFeatureStore store)
    {
        var documents = new Dictionary<string, CustomerFeatures>(StringComparer.Ordinal);
        await foreach (var features in store.ReadAllAsync(CancellationToken.None))
        {
            documents.Add(features.CustomerId, features);
        }

        return documents;
    }

    private static void AssertSameDocuments(Dictionary<string, CustomerFeatures> expected, Dictionary<string, CustomerFeatures> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, features) in expected)
        {
            FeatureDocumentAssert.Equivalent(features, actual[id]);
        }
    }

    [Fact]
    public async Task Replaying_a_batch_applies_nothing_and_writes_nothing()
    {
        var store = CreateStore();
        var batch = Batch("0", History("replay", customers: 3, perCustomer: 8));

        var first = await Featurizer(store).ProcessAsync(batch, CancellationToken.None);
        var before = await ReadAll(store);
        var replay = await Featurizer(store).ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(24, first.Applied);
        Assert.Equal(3, first.CustomersWritten);
        Assert.Equal(new BatchResult(24, 0, 24, 0, 0, 3), replay);
        AssertSameDocuments(before, await ReadAll(store));
    }

    [Fact]
    public async Task An_erased_customer_is_not_recreated_by_a_replayed_batch_or_late_events_and_its_dead_letters_are_gone()
    {
        var store = CreateStore();
        var events = History("erased", customers: 2, perCustomer: 4);
        var batch = Batch("0", events);
        await Featurizer(store).ProcessAsync(batch, CancellationToken.None);
        var erased = Customer("erased", 0);
        var kept = Customer("erased", 1);
        var badOfErased = $$"""{"id":"bad-1","type":"purchase","customerId":"{{erased}}","timestamp":"2026-03-01T10:00:00Z","orderId":"o","amount":-1}""";
        var badOfKept = $$"""{"id":"bad-2","type":"purchase","customerId":"{{kept}}","timestamp":"2026-03-01T10:00:00Z","orderId":"o","amount":-1}""";
        var letterPartition = "erase-" + Guid.NewGuid().ToString("N");
        await Featurizer(store).ProcessAsync(new EventBatch("hub", letterPartition, [new RawEvent(badOfErased, 1, Enqueued), new RawEvent(badOfKept, 2, Enqueued)]), CancellationToken.None);
        var eraser = new CustomerEraser(Suppressions, store, DeadLetters, TimeProvider.System, NullLogger<CustomerEraser>.Instance);

        Assert.True(await eraser.EraseAsync(erased, CancellationToken.None));
        var replay = await Featurizer(store).ProcessAsync(batch, CancellationToken.None);
        var late = await Featurizer(store).ProcessAsync(
            Batch("1", events.Where(e => e.CustomerId == erased), firstSequence: 900), CancellationToken.None);

        Assert.Null(await store.ReadAsync(erased, CancellationToken.None));
        Assert.NotNull(await store.ReadAsync(kept, CancellationToken.None));
        Assert.Equal(new BatchResult(8, 0, 4, 0, 0, 1, Suppressed: 4), replay);
        Assert.Equal(new BatchResult(4, 0, 0, 0, 0, 0, Suppressed: 4), late);
        var letters = new List<string>();
        await foreach (var letter in DeadLetters.ReadAllAsync(CancellationToken.None))
        {
            if (letter.PartitionId == letterPartition)
            {
                letters.Add(letter.RawBody);
            }
        }

        Assert.Equal([badOfKept], letters);
        Assert.False(await eraser.EraseAsync(erased, CancellationToken.None));
    }

    [Fact]
    public async Task Customer_ids_with_odd_characters_round_trip_through_ingest_read_and_erase_and_unaddressable_ones_are_dead_lettered()
    {
        var store = CreateStore();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] addressable = [$"a+b-{suffix}", $"first last-{suffix}", $"kundin-müller-東京-😀-{suffix}", $"a=b&c;d,e@f:g-{suffix}"];
        string[] unaddressable = [$"fz-slash/-9-{suffix}", $"back\\slash-{suffix}", $"what?-{suffix}", $"hash#-{suffix}", $"a%2Fb-{suffix}", $"100%-{suffix}"];
        var partition = "ids-" + suffix;
        var events = addressable.Concat(unaddressable)
            .Select((id, i) => new RawEvent(TestEvents.ToJson(TestEvents.Make($"e-{i}", EventType.PageView, id, T0)), i + 1L, Enqueued))
            .ToList();

        var result = await Featurizer(store).ProcessAsync(new EventBatch("hub", partition, events), CancellationToken.None);

        Assert.Equal(addressable.Length, result.Applied);
        Assert.Equal(unaddressable.Length, result.DeadLettered);
        foreach (var id in addressable)
        {
            Assert.Equal(id, (await store.ReadAsync(id, CancellationToken.None))!.Features.CustomerId);
            Assert.Equal(1, (await store.ReadFeaturesAsync(id, CancellationToken.None))!.Count("page_view"));
        }

        var letters = new List<DeadLetter>();
        await foreach (var letter in DeadLetters.ReadAllAsync(CancellationToken.None))
        {
            if (letter.PartitionId == partition)
            {
                letters.Add(letter);
            }
        }

        Assert.Equal(unaddressable.Length, letters.Count);
        Assert.All(letters, l => Assert.StartsWith(EventRejectionCodes.InvalidCustomerId + ": ", l.Reason, StringComparison.Ordinal));

        var eraser = new CustomerEraser(Suppressions, store, DeadLetters, TimeProvider.System, NullLogger<CustomerEraser>.Instance);
        foreach (var id in addressable)
        {
            Assert.True(await eraser.EraseAsync(id, CancellationToken.None));
            Assert.Null(await store.ReadAsync(id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Erasing_an_id_never_seen_suppresses_its_later_events_and_the_batch_counts_them()
    {
        var store = CreateStore();
        var eraser = new CustomerEraser(Suppressions, store, DeadLetters, TimeProvider.System, NullLogger<CustomerEraser>.Instance);

        Assert.False(await eraser.EraseAsync("never-seen", CancellationToken.None));
        var result = await Featurizer(store).ProcessAsync(Batch("0", History("never", customers: 1, perCustomer: 3).Select(e => e with { CustomerId = "never-seen" })), CancellationToken.None);

        Assert.Equal(new BatchResult(3, 0, 0, 0, 0, 0, Suppressed: 3), result);
        Assert.Null(await store.ReadAsync("never-seen", CancellationToken.None));
    }

    [Fact]
    public async Task Duplicates_arriving_through_another_partition_are_not_applied_again()
    {
        var store = CreateStore();
        var events = History("cross", customers: 2, perCustomer: 8);

        await Featurizer(store).ProcessAsync(Batch("0", events), CancellationToken.None);
        var before = await ReadAll(store);
        var other = await Featurizer(store).ProcessAsync(Batch("1", events, firstSequence: 500), CancellationToken.None);

        Assert.Equal(0, other.Applied);
        Assert.Equal(16, other.Duplicates);
        Assert.Equal(2, other.CustomersWritten);
        AssertSameDocuments(before, await ReadAll(store));
    }

    [Fact]
    public async Task Out_of_order_batches_over_partitions_equal_one_in_order_pass()
    {
        var events = History("order", customers: 3, perCustomer: 12);
        var inOrder = CreateStore();
        await Featurizer(inOrder).ProcessAsync(Batch("0", events.OrderBy(e => e.Timestamp)), CancellationToken.None);

        var shuffled = CreateStore();
        var random = new Random(7);
        var mixed = events.OrderBy(_ => random.Next()).ToList();
        var featurizer = Featurizer(shuffled);
        for (var part = 0; part < 3; part++)
        {
            var slice = mixed.Skip(part * 12).Take(12).Reverse();
            await featurizer.ProcessAsync(Batch($"{2 - part}", slice, firstSequence: 100 * part), CancellationToken.None);
        }

        AssertSameDocuments(await ReadAll(inOrder), await ReadAll(shuffled));
    }

    [Fact]
    public async Task Two_featurizers_writing_one_customer_at_once_lose_no_update()
    {
        var store = CreateStore();
        const string customer = "race-000";
        var views = Enumerable.Range(0, 40)
            .Select(k => TestEvents.Make($"race-e{k}", EventType.PageView, customer, T0.AddMinutes(k), channel: "web"))
            .ToList();
        var (left, right) = (Featurizer(store), Featurizer(store));

        for (var round = 0; round < 4; round++)
        {
            var slice = views.Skip(round * 10).ToList();
            await Task.WhenAll(
                Task.Run(() => left.ProcessAsync(Batch("0", slice.Take(5), firstSequence: round * 5), CancellationToken.None)),
                Task.Run(() => right.ProcessAsync(Batch("1", slice.Skip(5).Take(5), firstSequence: round * 5), CancellationToken.None)));
        }

        var stored = (await store.ReadAsync(customer, CancellationToken.None))!.Features;
        Assert.Equal(40, stored.Count("page_view"));
        Assert.Equal(40, stored.Processing.RecentKeys.Count);
        Assert.Equal(new Dictionary<string, long> { ["hub/0"] = 19, ["hub/1"] = 19 }, stored.Processing.Watermarks);
    }

    [Fact]
    public async Task Rejected_events_are_dead_lettered_with_their_reason_and_the_rest_applied()
    {
        var store = CreateStore();
        var partition = "dl-" + Guid.NewGuid().ToString("N")[..8];
        var good = TestEvents.Make("dl-good", EventType.PageView, "dl-000", T0, channel: "web");
        var batch = new EventBatch("hub", partition,
        [
            new RawEvent("{not json", 1, Enqueued),
            new RawEvent(TestEvents.ToJson(good), 2, Enqueued),
            new RawEvent("""{"id":"x","type":"purchase","customerId":"dl-000","timestamp":"2026-03-01T10:00:00Z","orderId":"o","amount":-1}""", 3, Enqueued),
        ]);

        var result = await Featurizer(store).ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(new BatchResult(3, 1, 0, 2, 1, 2), result);
        var letters = new List<DeadLetter>();
        await foreach (var letter in DeadLetters.ReadAllAsync(CancellationToken.None))
        {
            if (letter.PartitionId == partition)
            {
                letters.Add(letter);
            }
        }

        Assert.Equal([1L, 3L], letters.Select(l => l.SequenceNumber!.Value).Order());
        var bySequence = letters.ToDictionary(l => l.SequenceNumber!.Value);
        Assert.StartsWith(EventRejectionCodes.MalformedJson + ":", bySequence[1].Reason, StringComparison.Ordinal);
        Assert.Equal("{not json", bySequence[1].RawBody);
        Assert.StartsWith(EventRejectionCodes.NegativeAmount + ":", bySequence[3].Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await store.ReadAsync("dl-000", CancellationToken.None))!.Features.Count("page_view"));
    }

    /// <summary>
    /// A realistic batch: 256 events over ~80 customers with Zipf-like skew (customer rank r drawn with weight 1/r).
    /// The featurizer reads each distinct customer once and writes each changed one once, never once per event; a
    /// replay only reads. The figures are printed for the report; only the counts are asserted.
    /// </summary>
    [Fact]
    public async Task A_realistic_batch_costs_one_read_per_customer_and_one_write_per_changed_customer()
    {
        var store = CreateStore();
        var random = new Random(11);
        var weights = Enumerable.Range(1, 80).Select(r => 1.0 / r).ToArray();
        var total = weights.Sum();
        var events = Enumerable.Range(0, 256).Select(k =>
        {
            var u = random.NextDouble() * total;
            var rank = 0;
            while (u > weights[rank] && rank < weights.Length - 1)
            {
                u -= weights[rank++];
            }

            var customer = Customer("zipf", rank);
            var at = T0.AddMinutes(k * 3);
            return k % 10 == 0
                ? TestEvents.Purchase($"zipf-e{k}", customer, at, $"zipf-o{k}", 20m)
                : TestEvents.Make($"zipf-e{k}", EventType.PageView, customer, at, channel: Channels[k % 4]);
        }).ToList();
        var distinct = events.Select(e => e.CustomerId).Distinct().Count();
        var batch = Batch("0", events);
        var featurizer = Featurizer(store);

        var started = Stopwatch.GetTimestamp();
        var first = await featurizer.ProcessAsync(batch, CancellationToken.None);
        var firstElapsed = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var replay = await featurizer.ProcessAsync(batch, CancellationToken.None);
        var replayElapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(distinct, first.CustomersWritten);
        Assert.Equal(2 * distinct, first.StoreRoundTrips);
        Assert.Equal(0, replay.CustomersWritten);
        Assert.Equal(distinct, replay.StoreRoundTrips);
        output.WriteLine(
            $"{StoreName}: 256 events, {distinct} customers: {distinct} reads + {first.CustomersWritten} writes = " +
            $"{(double)first.StoreRoundTrips / 256:F2} round trips/event, {256 / firstElapsed.TotalSeconds:F0} events/s; " +
            $"replay {replay.StoreRoundTrips} reads, {256 / replayElapsed.TotalSeconds:F0} events/s");
    }
}
