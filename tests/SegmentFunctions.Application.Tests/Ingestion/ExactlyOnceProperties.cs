using System.Globalization;
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
/// Exactly-once effect at realistic scale, with the default de-duplication horizon: a stream of one heavy customer
/// (1 to 5,000 events over 30 days) and a few light ones, delivered through Event Hubs partitions with producer
/// duplicates within the horizon (re-sent later, to another partition, purchases also under a new event id), replays
/// of partitions from an earlier position with new batch boundaries, and a file ingested through the file path that
/// crashes midway and is ingested again: every customer's stored document equals one clean in-order pass over the
/// distinct events.
/// </summary>
public sealed class ExactlyOnceProperties
{
    private const int Partitions = 3;
    private const double BatchWindowHours = 6;
    private static readonly DateTimeOffset Start = TestEvents.Epoch;
    private static readonly DateTimeOffset Enqueued = Start.AddDays(40);
    private static readonly EventType[] Types = Enum.GetValues<EventType>();

    private sealed record Delivery(CustomerEvent Event, double ArrivalHours, int Partition);

    private sealed record Scenario(
        List<CustomerEvent> Hub, List<CustomerEvent> File, Delivery[] Deliveries, int[] BatchSizes, int[] Rewinds, int CrashAfterBatches, int FileBatchSize)
    {
        public override string ToString() =>
            $"{Hub.Count} hub events, {File.Count} file events, {Deliveries.Length} deliveries, sizes [{string.Join(',', BatchSizes)}], rewinds [{string.Join(',', Rewinds)}], crash after {CrashAfterBatches}, file batches of {FileBatchSize}";
    }

    private static Gen<CustomerEvent> EventGen(string customer, int index) =>
        from type in Gen.Elements(Types)
        from minutes in Gen.Choose(0, 60 * 24 * 30)
        from cents in Gen.Choose(0, 500_000)
        from channel in Gen.Elements<string?>(null, "web", "app", "store")
        select TestEvents.Make(
            $"{customer}-e{index}",
            type,
            customer,
            Start.AddMinutes(minutes),
            orderId: type is EventType.Purchase or EventType.Refund ? $"{customer}-o{index}" : null,
            amount: type is EventType.Purchase or EventType.Refund ? cents / 100m : null,
            currency: type == EventType.Purchase ? "EUR" : null,
            items: type == EventType.Purchase ? [new LineItem($"s-{index}", "shoes", 1 + (cents % 3), cents / 100m)] : null,
            channel: channel);

    private static Gen<List<CustomerEvent>> CustomerGen(string customer, int maxEvents) =>
        from count in Gen.Choose(1, maxEvents)
        from events in Gen.CollectToList(Enumerable.Range(0, count).Select(i => EventGen(customer, i)))
        select events.ToList();

    /// <summary>
    /// The first delivery arrives within an hour of the event; a duplicate up to three days later (within the 7-day
    /// horizon, with room for a batch's span), to any partition, and a duplicated purchase half of the time under a
    /// new event id.
    /// </summary>
    private static Gen<Delivery[]> DeliveriesGen(CustomerEvent e) =>
        from delay in Gen.Choose(0, 60)
        from partition in Gen.Choose(0, Partitions - 1)
        from copies in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)))
        from copyDelay in Gen.Choose(0, 3 * 24 * 60)
        from copyPartition in Gen.Choose(0, Partitions - 1)
        from resend in Gen.Elements(false, true)
        let hours = (e.Timestamp - Start).TotalHours
        select (Delivery[])[
            new Delivery(e, hours + delay / 60.0, partition),
            .. Enumerable.Range(0, copies).Select(_ => new Delivery(
                resend && e.Type == EventType.Purchase ? e with { Id = e.Id + "-resent" } : e, hours + copyDelay / 60.0, copyPartition)),
        ];

    private static Gen<Scenario> ScenarioGen =>
        from heavy in CustomerGen("heavy", 5000)
        from light in Gen.CollectToList(Enumerable.Range(0, 3).Select(c => CustomerGen($"light-{c}", 40)))
        let all = heavy.Concat(light.SelectMany(l => l)).ToList()
        from fileShare in Gen.Choose(0, 30)
        let file = all.Where((_, i) => i % 100 < fileShare).ToList()
        let hub = all.Where((_, i) => i % 100 >= fileShare).ToList()
        from deliveries in Gen.CollectToList(hub.Select(DeliveriesGen))
        from sizes in Gen.NonEmptyListOf(Gen.Choose(1, 100))
        from rewinds in Gen.ArrayOf(Gen.Choose(-4, 2))
        from crash in Gen.Choose(0, 6)
        from fileBatch in Gen.Choose(16, 600)
        select new Scenario(hub, file, [.. deliveries.SelectMany(d => d).OrderBy(d => d.ArrivalHours)], [.. sizes], rewinds, crash, fileBatch);

    [Property(MaxTest = 25)]
    public Property Stored_features_equal_one_clean_pass_over_the_distinct_events() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), scenario =>
        {
            var store = new InMemoryFeatureStore();
            var featurizer = new EventBatchFeaturizer(
                store, new InMemoryDeadLetterSink(), new InMemorySuppressionList(), Options.Create(new IngestionOptions { MaxConcurrency = 2 }),
                new FixedTimeProvider(Enqueued), NullLogger<EventBatchFeaturizer>.Instance);
            var total = new BatchResult(0, 0, 0, 0, 0, 0);
            void Process(EventBatch batch) => total = total.Add(featurizer.ProcessAsync(batch, CancellationToken.None).GetAwaiter().GetResult());

            DeliverHub(scenario, Process);
            IngestFile(scenario, Process);

            var expected = scenario.Hub.Concat(scenario.File)
                .GroupBy(e => e.CustomerId)
                .ToDictionary(g => g.Key, g => CustomerFeaturesFolder.Fold(g.Key, g.OrderBy(e => e.Timestamp)));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), store.CustomerIds());
            foreach (var (customer, features) in expected)
            {
                FeatureDocumentAssert.Equivalent(features, store.Peek(customer)!);
            }

            Assert.Equal(0, total.DeadLettered);
        }).Label("documents equal the clean pass");

    /// <summary>
    /// Each partition numbers its deliveries; partitions are consumed side by side (the next batch is always taken from
    /// the partition whose next delivery arrived first), batches take the scenario's sizes in turn but hold only what
    /// arrived within six hours of their first event (a consumer keeps up with its partition), and now and then a
    /// partition is read again from a position up to three batches back (a restart from an older checkpoint), with the
    /// next sizes, so replays cut the stream at other boundaries (at most eight restarts per partition).
    /// </summary>
    private static void DeliverHub(Scenario scenario, Action<EventBatch> process)
    {
        var partitions = Enumerable.Range(0, Partitions).Select(p =>
        {
            var deliveries = scenario.Deliveries.Where(d => d.Partition == p).ToList();
            return (Id: p.ToString(CultureInfo.InvariantCulture),
                Arrivals: deliveries.Select(d => d.ArrivalHours).ToList(),
                Events: deliveries.Select((d, i) => new RawEvent(TestEvents.ToJson(d.Event), i + 1L, Enqueued)).ToList(),
                Starts: new List<int>());
        }).ToArray();
        var positions = new int[Partitions];
        var restarts = new int[Partitions];
        for (var step = 0; ; step++)
        {
            var p = Enumerable.Range(0, Partitions).Where(q => positions[q] < partitions[q].Events.Count)
                .OrderBy(q => partitions[q].Arrivals[positions[q]]).DefaultIfEmpty(-1).First();
            if (p < 0)
            {
                return;
            }

            var (id, arrivals, events, starts) = partitions[p];
            var available = arrivals.Skip(positions[p]).TakeWhile(a => a <= arrivals[positions[p]] + BatchWindowHours).Count();
            var size = Math.Min(scenario.BatchSizes[step % scenario.BatchSizes.Length], available);
            process(new EventBatch("hub", id, events.GetRange(positions[p], size)));
            starts.Add(positions[p]);
            positions[p] += size;
            var rewind = scenario.Rewinds.Length == 0 ? -1 : scenario.Rewinds[step % scenario.Rewinds.Length];
            if (rewind >= 0 && starts.Count > rewind && restarts[p]++ < 8)
            {
                positions[p] = Math.Min(positions[p], starts[starts.Count - 1 - rewind] + (step % 3));
            }
        }
    }

    /// <summary>The file path: one partition named by the file, line numbers as sequence numbers; a first run dies after some batches.</summary>
    private static void IngestFile(Scenario scenario, Action<EventBatch> process)
    {
        var lines = scenario.File.Select((e, i) => new RawEvent(TestEvents.ToJson(e), i + 1L, Enqueued)).ToList();
        void Run(int batchSize, int batches)
        {
            for (int position = 0, done = 0; position < lines.Count && done < batches; position += batchSize, done++)
            {
                process(new EventBatch("file", "sha256-0123456789abcdef", lines.GetRange(position, Math.Min(batchSize, lines.Count - position))));
            }
        }

        Run(scenario.FileBatchSize, scenario.CrashAfterBatches);
        Run(Math.Max(1, scenario.FileBatchSize / 3), int.MaxValue);
    }
}
