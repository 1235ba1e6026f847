using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Ingestion hot path in memory on one core: decode + validate + featurize typical ~300-byte events, batched and
/// grouped by customer as the featurizer does, against a reflection-based <see cref="JsonSerializer"/> decode of the
/// same bodies (no validation, no fold) measured in the same run. Goal: 300,000 events/s per core.
/// </summary>
internal sealed class FeaturizationBench : IBenchmark
{
    private const int BatchSize = 100;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "featurization";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var count = settings.Quick ? 20_000 : 200_000;
        var bodies = GenerateBodies(count, customers: Math.Max(1, count / 100), new Random(settings.Seed));
        var reference = Start.AddDays(400);
        var repetitions = Math.Max(1, settings.Repetitions);

        Featurize(bodies, reference);
        DeserializeWithReflection(bodies);
        ParseOnly(bodies, reference);

        var featurize = new double[repetitions];
        var baseline = new double[repetitions];
        var parseOnly = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            featurize[r] = EventsPerSecond(count, () => Featurize(bodies, reference));
            baseline[r] = EventsPerSecond(count, () => DeserializeWithReflection(bodies));
            parseOnly[r] = EventsPerSecond(count, () => ParseOnly(bodies, reference));
        }

        // Allocation and collection counts of one more run explain the rate: retained documents make each collection dearer.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        var pausedBefore = GC.GetTotalPauseDuration();
        var instrumented = Stopwatch.GetTimestamp();
        Featurize(bodies, reference);
        var pauseShare = (GC.GetTotalPauseDuration() - pausedBefore) / Stopwatch.GetElapsedTime(instrumented);
        var allocatedPerEvent = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / count;
        var gen0PerMillion = (GC.CollectionCount(0) - gen0Before) * 1e6 / count;
        var gen2PerMillion = (GC.CollectionCount(2) - gen2Before) * 1e6 / count;

        var baselineMedian = Median(baseline);
        const string BaselineName = "JsonSerializer.Deserialize (reflection, decode only)";
        IReadOnlyList<BenchFigure> figures =
        [
            new(Name, "decode+validate+featurize", Median(featurize), "events/s/core", repetitions, baselineMedian, BaselineName, "≥ 300000 events/s/core"),
            new(Name, "decode+validate", Median(parseOnly), "events/s/core", repetitions, baselineMedian, BaselineName),
            new(Name, "allocated per featurized event", allocatedPerEvent, "bytes", 1),
            new(Name, "gen0 collections per 1M events", gen0PerMillion, "collections", 1),
            new(Name, "gen2 collections per 1M events", gen2PerMillion, "collections", 1),
            new(Name, "GC pause share of featurize time", 100 * pauseShare, "%", 1),
            new(Name, "mean event size", bodies.Average(b => Encoding.UTF8.GetByteCount(b)), "bytes", 1),
        ];
        return Task.FromResult(figures);
    }

    private static double EventsPerSecond(int count, Action run)
    {
        var started = Stopwatch.GetTimestamp();
        run();
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The featurizer's in-memory work: parse a batch, group by customer, fold each group, complete each document.</summary>
    private static int Featurize(string[] bodies, DateTimeOffset reference)
    {
        var documents = new Dictionary<string, CustomerFeatures>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<CustomerEvent>>(StringComparer.Ordinal);
        var applied = 0;
        for (var start = 0; start < bodies.Length; start += BatchSize)
        {
            groups.Clear();
            var end = Math.Min(bodies.Length, start + BatchSize);
            for (var i = start; i < end; i++)
            {
                var parsed = EventParser.Parse(bodies[i], reference);
                if (!parsed.IsValid)
                {
                    throw new InvalidOperationException($"The benchmark generated an invalid event: {parsed.Rejection}");
                }

                if (!groups.TryGetValue(parsed.Event.CustomerId, out var group))
                {
                    group = [];
                    groups.Add(parsed.Event.CustomerId, group);
                }

                group.Add(parsed.Event);
            }

            foreach (var (customerId, events) in groups)
            {
                if (!documents.TryGetValue(customerId, out var features))
                {
                    features = new CustomerFeatures { CustomerId = customerId };
                    documents.Add(customerId, features);
                }

                var folder = new CustomerFeaturesFolder(features);
                foreach (var e in events)
                {
                    applied += folder.Apply(e) == FoldOutcome.Applied ? 1 : 0;
                }

                folder.Complete();
            }
        }

        return applied;
    }

    private static int ParseOnly(string[] bodies, DateTimeOffset reference)
    {
        var valid = 0;
        foreach (var body in bodies)
        {
            valid += EventParser.Parse(body, reference).IsValid ? 1 : 0;
        }

        return valid;
    }

    private static int DeserializeWithReflection(string[] bodies)
    {
        var items = 0;
        foreach (var body in bodies)
        {
            items += JsonSerializer.Deserialize<BaselineEvent>(body, BaselineEvent.Options)?.Items?.Count ?? 0;
        }

        return items;
    }

    /// <summary>~300-byte events in a typical mix: browsing, carts, purchases with one to three lines, email, support.</summary>
    private static string[] GenerateBodies(int count, int customers, Random random)
    {
        string[] categories = ["shoes", "books", "music", "electronics", "garden", "toys", "beauty", "sports"];
        string[] channels = ["web", "app", "email", "store"];
        var bodies = new string[count];
        var buffer = new ArrayBufferWriterStream();
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var type = roll switch
            {
                < 0.08 => EventType.SessionStart,
                < 0.38 => EventType.PageView,
                < 0.58 => EventType.ProductView,
                < 0.70 => EventType.AddToCart,
                < 0.74 => EventType.RemoveFromCart,
                < 0.80 => EventType.CheckoutStart,
                < 0.88 => EventType.Purchase,
                < 0.89 => EventType.Refund,
                < 0.94 => EventType.EmailOpen,
                < 0.98 => EventType.EmailClick,
                _ => EventType.SupportContact,
            };
            var timestamp = Start.AddSeconds(random.Next(0, 365 * 24 * 3600)).ToOffset(TimeSpan.FromHours(random.Next(-5, 6)));

            buffer.Reset();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("id", NextGuid(random).ToString());
                writer.WriteString("type", type.ToWireName());
                writer.WriteString("customerId", $"cust-{random.Next(customers):D8}");
                writer.WriteString("timestamp", timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
                if (type is EventType.Purchase or EventType.Refund)
                {
                    writer.WriteString("orderId", $"ord-{NextGuid(random)}");
                }

                var lines = type switch
                {
                    EventType.Purchase => random.Next(1, 4),
                    EventType.AddToCart or EventType.RemoveFromCart or EventType.ProductView => 1,
                    _ => 0,
                };
                var total = 0m;
                if (lines > 0)
                {
                    writer.WriteStartArray("items");
                    for (var l = 0; l < lines; l++)
                    {
                        var price = random.Next(199, 19_999) / 100m;
                        var quantity = random.Next(1, 3);
                        total += price * quantity;
                        writer.WriteStartObject();
                        writer.WriteString("sku", $"sku-{random.Next(100_000):D6}");
                        writer.WriteString("category", categories[random.Next(categories.Length)]);
                        writer.WriteNumber("quantity", quantity);
                        writer.WriteNumber("price", price);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                if (type is EventType.Purchase or EventType.Refund)
                {
                    writer.WriteNumber("amount", type == EventType.Purchase ? total : random.Next(100, 5_000) / 100m);
                    writer.WriteString("currency", "EUR");
                }

                writer.WriteString("channel", channels[random.Next(channels.Length)]);
                writer.WriteString("campaign", $"newsletter-2026-{random.Next(1, 13):D2}-spring-sale-{random.Next(100):D2}-returning-customers-eu");
                writer.WriteString("sessionId", $"sess-{NextGuid(random):N}");
                writer.WriteEndObject();
            }

            bodies[i] = Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        return bodies;
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A reusable in-memory stream for writing the generated bodies.</summary>
    private sealed class ArrayBufferWriterStream : MemoryStream
    {
        public ReadOnlySpan<byte> WrittenSpan => GetBuffer().AsSpan(0, (int)Length);

        public void Reset() => SetLength(0);
    }

    /// <summary>The same events as a plain DTO for the reflection-based baseline.</summary>
    private sealed class BaselineEvent
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

        public string? Id { get; set; }
        public string? Type { get; set; }
        public string? CustomerId { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        public string? OrderId { get; set; }
        public decimal? Amount { get; set; }
        public string? Currency { get; set; }
        public List<BaselineItem>? Items { get; set; }
        public string? Channel { get; set; }
        public string? Campaign { get; set; }
    }

    private sealed class BaselineItem
    {
        public string? Sku { get; set; }
        public string? Category { get; set; }
        public int Quantity { get; set; }
        public decimal Price { get; set; }
    }
}
