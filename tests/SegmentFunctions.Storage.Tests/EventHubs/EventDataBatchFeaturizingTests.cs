using System.Text;
using Azure.Messaging.EventHubs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>
/// Received events are featurized from their UTF-8 bytes, as the processor hands them over: the same features as the
/// same bodies given as text, and bad bodies dead-lettered with their partition, sequence number and reason.
/// </summary>
public sealed class EventDataBatchFeaturizingTests : IDisposable
{
    private const string Hub = "customer-events";
    private static readonly DateTimeOffset Enqueued = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Bodies =
    [
        """{"id":"e1","type":"purchase","customerId":"c1","timestamp":"2025-05-01T09:59:00+02:00","orderId":"o1","amount":12.5}""",
        """{"id":"e2","type":"page_view","customerId":"c2","timestamp":"2025-05-01T09:59:30Z"}""",
        """{"id":"e3","type":"purchase","customerId":"c1","timestamp":"2025-05-02T10:00:00Z","orderId":"o2","amount":7.25}""",
        """{"id":"é4","type":"page_view","customerId":"c2","timestamp":"2025-05-03T08:00:00Z"}""",
    ];

    private readonly TemporaryDirectory _directory = new();
    private readonly List<IDisposable> _stores = [];

    [Fact]
    public async Task Bodies_featurized_from_their_bytes_give_the_features_of_the_same_bodies_as_text()
    {
        var fromBytes = await FeaturizeAsync("bytes", EventDataBatches.ToEventBatch(Hub, "0", [.. Bodies.Select((b, i) => Event(Encoding.UTF8.GetBytes(b), i))]));
        var fromText = await FeaturizeAsync("text", new EventBatch(Hub, "0", [.. Bodies.Select((b, i) => new RawEvent(b, i, Enqueued))]));

        Assert.Equal(4, fromBytes.Result.Applied);
        Assert.Equal(fromText.Result, fromBytes.Result);
        foreach (var customer in new[] { "c1", "c2" })
        {
            var bytes = (await fromBytes.Store.ReadAsync(customer, CancellationToken.None))!.Features;
            var text = (await fromText.Store.ReadAsync(customer, CancellationToken.None))!.Features;
            Assert.Equal((text.Orders, text.Revenue, text.FirstSeenAt), (bytes.Orders, bytes.Revenue, bytes.FirstSeenAt));
            Assert.Equal(text.EventCounts.OrderBy(c => c.Key, StringComparer.Ordinal), bytes.EventCounts.OrderBy(c => c.Key, StringComparer.Ordinal));
            Assert.Equal(text.Processing.Watermarks, bytes.Processing.Watermarks);
        }
    }

    [Fact]
    public async Task Bad_bodies_are_dead_lettered_with_partition_sequence_number_and_reason_and_the_rest_applied()
    {
        byte[] invalidUtf8 = [.. "{\"id\":\"e9\",\"type\":\"page_view\",\"customerId\":\"c"u8, 0xC3, 0x28, .. "\",\"timestamp\":\"2025-05-01T09:59:30Z\"}"u8];
        EventData[] events =
        [
            Event(Encoding.UTF8.GetBytes(Bodies[0]), 10),
            Event(invalidUtf8, 11),
            Event("not json"u8.ToArray(), 12),
            Event("""{"id":"e5","type":"page_view","timestamp":"2025-05-01T09:59:30Z"}"""u8.ToArray(), 13),
            Event([], 14),
            Event(Encoding.UTF8.GetBytes(Bodies[1]), 15),
        ];

        var run = await FeaturizeAsync("bad", EventDataBatches.ToEventBatch(Hub, "3", events));

        Assert.Equal((6, 2, 4), (run.Result.Received, run.Result.Applied, run.Result.DeadLettered));
        var letters = new List<DeadLetter>();
        await foreach (var letter in run.DeadLetters.ReadAllAsync(CancellationToken.None))
        {
            letters.Add(letter);
        }

        letters.Sort((a, b) => Nullable.Compare(a.SequenceNumber, b.SequenceNumber));
        Assert.Equal([11L, 12, 13, 14], letters.Select(l => l.SequenceNumber!.Value));
        Assert.All(letters, l => Assert.Equal((Hub, "3", Enqueued), (l.Source, l.PartitionId, l.EnqueuedTimeUtc!.Value)));
        Assert.Equal(
            [EventRejectionCodes.MalformedJson, EventRejectionCodes.MalformedJson, EventRejectionCodes.MissingField, EventRejectionCodes.MalformedJson],
            letters.Select(l => l.Reason[..l.Reason.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal("not json", letters[1].RawBody);
        Assert.Equal(Encoding.UTF8.GetString(invalidUtf8), letters[0].RawBody);
        Assert.Null(await run.Store.ReadAsync("c", CancellationToken.None));
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task<Run> FeaturizeAsync(string name, EventBatch batch)
    {
        var store = new SqliteFeatureStore(Path.Combine(_directory.Path, $"features-{name}.db"));
        var deadLetters = new FileDeadLetterSink(Path.Combine(_directory.Path, $"deadletter-{name}"));
        var suppressions = new SqliteSuppressionList(Path.Combine(_directory.Path, $"suppressions-{name}.db"));
        _stores.AddRange([store, suppressions]);
        var featurizer = new EventBatchFeaturizer(
            store, deadLetters, suppressions, Options.Create(new IngestionOptions()), TimeProvider.System, NullLogger<EventBatchFeaturizer>.Instance);
        return new Run(await featurizer.ProcessAsync(batch, CancellationToken.None), store, deadLetters);
    }

    private static EventData Event(byte[] body, long sequenceNumber) =>
        EventHubsModelFactory.EventData(new BinaryData(body), sequenceNumber: sequenceNumber, offsetString: (sequenceNumber * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), enqueuedTime: Enqueued);

    private sealed record Run(BatchResult Result, SqliteFeatureStore Store, FileDeadLetterSink DeadLetters);
}
