using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Ingestion;

/// <summary>
/// Twelve thousand generated events in random batches over four partitions, a third of them hostile (garbage, JSON
/// that is not an event, oversized bodies, numbers beyond every bound, odd and broken Unicode, ids the API cannot
/// address), good events delivered twice, batches replayed, and transient store faults injected: the featurizer never
/// fails except with the injected faults, every bad event is dead-lettered with its reason, and every good event is
/// applied exactly once.
/// </summary>
public sealed class FeaturizerFuzzTests
{
    private const int Events = 12_000;
    private const int Partitions = 4;
    private static readonly DateTimeOffset Start = TestEvents.Epoch;
    private static readonly DateTimeOffset Enqueued = Start.AddDays(3);
    private static readonly string[] Customers = ["c-1", "c-2", "kundin-müller", "東京-7", "a+b", "a=b&c;d", "first last", "emoji-😀", "x~y@z"];

    private sealed record Generated(string Body, CustomerEvent? Good, string? ExpectedCode);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Hostile_streams_dead_letter_every_bad_event_and_apply_every_good_event_once(int seed)
    {
        var random = new Random(seed);
        var generated = Enumerable.Range(0, Events).Select(i => Generate(random, i)).ToList();
        var store = new InMemoryFeatureStore();
        var sink = new InMemoryDeadLetterSink();
        var featurizer = new EventBatchFeaturizer(
            store, sink, new InMemorySuppressionList(), Options.Create(new IngestionOptions { MaxConcurrency = 4 }),
            new FixedTimeProvider(Enqueued), NullLogger<EventBatchFeaturizer>.Instance);

        // Every delivery gets a partition; a good event is also re-sent to another partition now and then.
        var deliveries = new List<(Generated Item, int Partition)>();
        foreach (var item in generated)
        {
            deliveries.Add((item, random.Next(Partitions)));
            if (item.Good is not null && random.Next(10) == 0)
            {
                deliveries.Insert(random.Next(Math.Max(0, deliveries.Count - 50), deliveries.Count + 1), (item, random.Next(Partitions)));
            }
        }

        var expectedLetters = new Dictionary<(string, long), string>();
        var faults = 0;
        for (var p = 0; p < Partitions; p++)
        {
            var partition = p.ToString(CultureInfo.InvariantCulture);
            var events = deliveries.Where(d => d.Partition == p).Select((d, i) => (d.Item, Raw: new RawEvent(d.Item.Body, i + 1L, Enqueued))).ToList();
            foreach (var (item, raw) in events.Where(e => e.Item.Good is null))
            {
                expectedLetters[(partition, raw.SequenceNumber!.Value)] = item.ExpectedCode!;
            }

            for (var position = 0; position < events.Count;)
            {
                var size = Math.Min(random.Next(1, 300), events.Count - position);
                var batch = new EventBatch("hub", partition, [.. events.GetRange(position, size).Select(e => e.Raw)]);
                if (random.Next(4) == 0)
                {
                    store.FailAfterWrites(random.Next(0, 5));
                }

                try
                {
                    await featurizer.ProcessAsync(batch, CancellationToken.None);
                }
                catch (StoreUnavailableException)
                {
                    // Injected: the host replays the batch.
                    faults++;
                    continue;
                }
                finally
                {
                    store.FailAfterWrites(-1);
                }

                if (random.Next(8) == 0)
                {
                    await featurizer.ProcessAsync(batch, CancellationToken.None);
                }

                position += size;
            }
        }

        Assert.True(faults > 0);
        var letters = sink.Letters.ToDictionary(l => (l.PartitionId!, l.SequenceNumber!.Value), l => l.Reason);
        Assert.Equal(expectedLetters.Keys.Order(), letters.Keys.Order());
        foreach (var (key, code) in expectedLetters)
        {
            var reason = letters[key];
            Assert.True(code == "*" ? KnownCode(reason) : reason.StartsWith(code + ": ", StringComparison.Ordinal), $"{key}: expected {code}, got {reason}");
        }

        var good = generated.Where(g => g.Good is not null).Select(g => g.Good!).ToList();
        var expected = good.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => CustomerFeaturesFolder.Fold(g.Key, g.OrderBy(e => e.Timestamp)));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), store.CustomerIds());
        foreach (var (customer, features) in expected)
        {
            FeatureDocumentAssert.Equivalent(features, store.Peek(customer)!);
        }
    }

    private static bool KnownCode(string reason) =>
        typeof(EventRejectionCodes).GetFields().Select(f => (string)f.GetValue(null)!).Any(c => reason.StartsWith(c + ": ", StringComparison.Ordinal));

    private static Generated Generate(Random random, int i)
    {
        var customer = Customers[random.Next(Customers.Length)];
        var at = Start.AddMinutes(random.Next(0, 2 * 24 * 60)).ToString("O", CultureInfo.InvariantCulture);
        string Event(string fields) => $$"""{"id":"bad-{{i}}","customerId":"{{customer}}","timestamp":"{{at}}",{{fields}}}""";
        return random.Next(24) switch
        {
            0 => Bad(RandomText(random, random.Next(0, 200)), "*"),
            1 => Bad("{\"id\":\"e" + i, EventRejectionCodes.MalformedJson),
            2 => Bad("\"just a string\"", EventRejectionCodes.NotAnObject),
            3 => Bad("[1,2,3]", EventRejectionCodes.NotAnObject),
            4 => Bad(Event("\"type\":\"page_view\",\"pad\":\"" + new string('x', 70_000) + "\""), EventRejectionCodes.BodyTooLarge),
            5 => Bad(Event("\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":2e20"), EventRejectionCodes.OutOfRange),
            6 => Bad(Event("\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":1e400"), EventRejectionCodes.OutOfRange),
            7 => Bad(Event("\"type\":\"refund\",\"orderId\":\"o\",\"amount\":79228162514264337593543950335"), EventRejectionCodes.OutOfRange),
            8 => Bad(Event("\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":1,\"items\":[{\"sku\":\"s\",\"quantity\":1099511627776,\"price\":1}]"), EventRejectionCodes.OutOfRange),
            9 => Bad(Event("\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":1,\"items\":[{\"sku\":\"s\",\"quantity\":2000000,\"price\":1}]"), EventRejectionCodes.OutOfRange),
            10 => Bad($$"""{"id":"bad-{{i}}","type":"page_view","customerId":"fz-slash/-{{i}}","timestamp":"{{at}}"}""", EventRejectionCodes.InvalidCustomerId),
            17 => Bad($$"""{"id":"bad-{{i}}","type":"page_view","customerId":"a%2F{{i}}","timestamp":"{{at}}"}""", EventRejectionCodes.InvalidCustomerId),
            11 => Bad($$"""{"id":"bad-{{i}}","type":"page_view","customerId":"lone-\ud800-{{i}}","timestamp":"{{at}}"}""", "*"),
            12 => Bad($$"""{"id":"bad-\u0001{{i}}","type":"page_view","customerId":"{{customer}}","timestamp":"{{at}}"}""", EventRejectionCodes.InvalidIdentifier),
            13 => Bad("{\"id\":\"e" + '\ud800' + "\",\"type\":\"page_view\"}", "*"),
            14 => Bad(Event("\"type\":\"teleport\""), EventRejectionCodes.UnknownEventType),
            15 => Bad($$"""{"id":"bad-{{i}}","type":"page_view","customerId":"{{customer}}","timestamp":"2026-03-01T10:00:00"}""", EventRejectionCodes.InvalidTimestamp),
            16 => Bad(Event("\"type\":\"page_view\",\"type\":\"page_view\""), EventRejectionCodes.DuplicateField),
            _ => Good(random, i, customer),
        };
    }

    private static Generated Bad(string body, string code) => new(body, null, code);

    private static Generated Good(Random random, int i, string customer)
    {
        var at = Start.AddMinutes(random.Next(0, 2 * 24 * 60)).ToOffset(TimeSpan.FromHours(random.Next(-5, 6)));
        var e = random.Next(4) switch
        {
            0 => TestEvents.Purchase($"p-{i}", customer, at, $"o-{i}", random.Next(3) == 0 ? EventBounds.MaxAmount : random.Next(0, 1_000_000) / 100m,
                quantity: random.Next(3) == 0 ? EventBounds.MaxQuantity : random.Next(0, 5)),
            1 => TestEvents.Make($"r-{i}", EventType.Refund, customer, at, orderId: $"o-{i}", amount: random.Next(2) == 0 ? EventBounds.MaxAmount : 5m),
            _ => TestEvents.Make($"v-{i}-\u200b\u202e", EventType.PageView, customer, at, channel: random.Next(2) == 0 ? "web" : "ünïcödé-channel"),
        };
        return new Generated(TestEvents.ToJson(e), e, null);
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var k = 0; k < length; k++)
        {
            text.Append((char)random.Next(0, 0x10000));
        }

        return text.ToString();
    }
}
