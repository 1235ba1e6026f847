using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Ingestion;

/// <summary>
/// At-least-once delivery takes effect exactly once: random event streams spread over partitions, split into random
/// batches, delivered with duplicates (same id, also through other partitions, and purchases re-sent under a new id),
/// reordered, with whole batches replayed and batches failing halfway, give every customer the document of a single
/// in-order pass over the distinct events (the horizon covers the events' 90 days).
/// </summary>
public sealed class EventBatchFeaturizerProperties
{
    private const int Partitions = 3;
    private static readonly EventType[] Types = Enum.GetValues<EventType>();
    private static readonly DateTimeOffset Enqueued = TestEvents.Epoch.AddDays(100);

    private sealed record Delivery(CustomerEvent Event, int Partition);

    private sealed record Scenario(
        List<CustomerEvent> Distinct,
        Delivery[] Arrivals,
        int[] BatchSizes,
        int[] Schedule,
        int[] Replays,
        int[] Failures)
    {
        public override string ToString() =>
            $"{Distinct.Count} events, {Arrivals.Length} deliveries, sizes [{string.Join(',', BatchSizes)}], schedule [{string.Join(',', Schedule)}], replays [{string.Join(',', Replays)}], failures [{string.Join(',', Failures)}]";
    }

    private static Gen<CustomerEvent> EventGen(int index) =>
        from customer in Gen.Choose(0, 3)
        from type in Gen.Elements(Types)
        from minutes in Gen.Choose(0, 60 * 24 * 90)
        from offsetHours in Gen.Choose(-8, 8)
        from cents in Gen.Choose(0, 90_000)
        from category in Gen.Elements("shoes", "books", "music")
        from quantity in Gen.Choose(0, 3)
        from channel in Gen.Elements<string?>(null, "web", "app")
        select TestEvents.Make(
            $"e-{index}",
            type,
            $"c-{customer}",
            TestEvents.Epoch.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(offsetHours)),
            orderId: type is EventType.Purchase or EventType.Refund ? $"o-{index}" : null,
            amount: type is EventType.Purchase or EventType.Refund ? cents / 100m : null,
            currency: type == EventType.Purchase ? "EUR" : null,
            items: type == EventType.Purchase ? [new LineItem($"s-{index}", category, quantity, cents / 100m)] : null,
            channel: channel);

    private static Gen<Delivery[]> DeliveriesGen(CustomerEvent e) =>
        from partition in Gen.Choose(0, Partitions - 1)
        from copies in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
        from copyPartitions in Gen.ArrayOf(Gen.Choose(0, Partitions - 1), copies)
        from resend in Gen.Elements(false, true)
        select (Delivery[])[
            new Delivery(e, partition),
            .. copyPartitions.Select((p, i) => new Delivery(
                resend && i == 0 && e.Type == EventType.Purchase ? e with { Id = e.Id + "-resent" } : e, p)),
        ];

    private static Gen<Scenario> ScenarioGen =>
        from count in Gen.Choose(1, 50)
        from distinct in Gen.CollectToList(Enumerable.Range(0, count).Select(EventGen))
        from deliveries in Gen.CollectToList(distinct.Select(DeliveriesGen))
        from arrivals in Gen.Shuffle<Delivery>(deliveries.SelectMany(d => d))
        from sizes in Gen.NonEmptyListOf(Gen.Choose(1, 12))
        from schedule in Gen.ArrayOf(Gen.Choose(0, Partitions - 1))
        from replays in Gen.ArrayOf(Gen.Choose(-3, 6))
        from failures in Gen.ArrayOf(Gen.Choose(-6, 3))
        select new Scenario(distinct, arrivals, [.. sizes], schedule, replays, failures);

    [Property(MaxTest = 100)]
    public Property Any_delivery_gives_the_document_of_one_in_order_pass_over_the_distinct_events() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), scenario =>
        {
            var store = new InMemoryFeatureStore();
            var featurizer = new EventBatchFeaturizer(
                store, new InMemoryDeadLetterSink(), new InMemorySuppressionList(), Options.Create(new IngestionOptions { MaxConcurrency = 3, DedupeHorizonDays = 91 }),
                new FixedTimeProvider(Enqueued), NullLogger<EventBatchFeaturizer>.Instance);

            var batches = PartitionBatches(scenario);
            var next = new int[Partitions];
            var step = 0;
            void Deliver(int partition, int index)
            {
                var failure = scenario.Failures.Length == 0 ? -1 : scenario.Failures[step % scenario.Failures.Length];
                step++;
                if (failure >= 0)
                {
                    store.FailAfterWrites(failure);
                    try
                    {
                        featurizer.ProcessAsync(batches[partition][index], CancellationToken.None).GetAwaiter().GetResult();
                    }
                    catch (StoreUnavailableException)
                    {
                        // The host fails the invocation and redelivers the batch, as below.
                    }

                    store.FailAfterWrites(-1);
                }

                var batch = batches[partition][index];
                var (reads, writes) = (store.Reads, store.Writes);
                var result = featurizer.ProcessAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                var customers = batch.Events.Select(r => EventParser.Parse(r.Body, Enqueued).Event!.CustomerId).Distinct().Count();
                Assert.Equal(customers, store.Reads - reads);
                Assert.Equal(result.CustomersWritten, store.Writes - writes);
                Assert.Equal(customers + result.CustomersWritten, result.StoreRoundTrips);
            }

            for (var s = 0; s < scenario.Schedule.Length; s++)
            {
                var p = scenario.Schedule[s];
                if (next[p] < batches[p].Count)
                {
                    Deliver(p, next[p]++);
                }

                var replay = scenario.Replays.Length == 0 ? -1 : scenario.Replays[s % scenario.Replays.Length];
                if (replay >= 0 && next[p] > 0)
                {
                    Deliver(p, replay % next[p]);
                }
            }

            for (var p = 0; p < Partitions; p++)
            {
                while (next[p] < batches[p].Count)
                {
                    Deliver(p, next[p]++);
                }
            }

            var expected = scenario.Distinct
                .GroupBy(e => e.CustomerId)
                .ToDictionary(g => g.Key, g => CustomerFeaturesFolder.Fold(g.Key, g.OrderBy(e => e.Timestamp), new FeatureFoldSettings { DedupeHorizon = TimeSpan.FromDays(91) }));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), store.CustomerIds());
            foreach (var (customer, features) in expected)
            {
                FeatureDocumentAssert.Equivalent(features, store.Peek(customer)!);
            }
        }).Label("documents equal the in-order fold");

    /// <summary>Each partition's deliveries in arrival order, numbered 1, 2, ... and cut into batches of the scenario's sizes.</summary>
    private static List<EventBatch>[] PartitionBatches(Scenario scenario)
    {
        var batches = new List<EventBatch>[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var raw = scenario.Arrivals.Where(d => d.Partition == p)
                .Select((d, i) => new RawEvent(TestEvents.ToJson(d.Event), i + 1L, Enqueued))
                .ToList();
            batches[p] = [];
            for (int start = 0, k = 0; start < raw.Count; k++)
            {
                var size = Math.Min(scenario.BatchSizes[k % scenario.BatchSizes.Length], raw.Count - start);
                batches[p].Add(new EventBatch("hub", p.ToString(System.Globalization.CultureInfo.InvariantCulture), raw.GetRange(start, size)));
                start += size;
            }
        }

        return batches;
    }
}
