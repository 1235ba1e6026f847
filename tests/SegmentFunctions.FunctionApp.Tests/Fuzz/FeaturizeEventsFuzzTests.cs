using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Ingestion;
using SegmentFunctions.Testing;
using Xunit.Abstractions;

namespace SegmentFunctions.FunctionApp.Tests.Fuzz;

/// <summary>
/// FeaturizeEvents invoked directly with host-shaped binding data, 10,000 generated invocations mixing good events
/// with garbage, oversized bodies, overflowing numbers, odd Unicode, refused ids, mismatched or missing metadata and
/// bodiless invocations, while the store fails a share of calls as an unavailable store does. An invocation that
/// fails is replayed, as the host's retry policy does. Only the injected transient faults may escape; every bad event
/// is in the dead letters with a reason; the good events give the same features as one clean pass.
/// </summary>
public sealed partial class FeaturizeEventsFuzzTests(ITestOutputHelper output)
{
    private const int Invocations = 10_000;
    private const int Customers = 250;
    private const int Partitions = 8;

    /// <summary>When the generated events were enqueued: after every event happened.</summary>
    private static readonly string Enqueued = TestEvents.Epoch.AddDays(3).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(20261207)]
    public async Task Generated_invocations_dead_letter_every_bad_event_and_apply_every_good_event_exactly_once(int seed)
    {
        var plan = Generate(seed);
        await using var fuzzed = new FuzzFunctionAppFactory(seed);
        fuzzed.Faults.FaultRate = 0.2;
        var started = Stopwatch.GetTimestamp();
        var escaped = new List<Exception>();
        var replays = 0;

        foreach (var invocation in plan)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await EventHubInvocation.InvokeAsync(fuzzed.Services, invocation.Bodies!, invocation.BindingData);
                    break;
                }
                catch (StoreUnavailableException e) when (e.Message == FaultyFeatureStore.InjectedMessage && attempt < 100)
                {
                    replays++;
                }
                catch (Exception e) when (e is not StoreUnavailableException)
                {
                    escaped.Add(e);
                    break;
                }
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{plan.Count} invocations, {plan.Sum(p => p.Bodies?.Length ?? 0)} bodies, {fuzzed.Faults.Injected} injected faults, {replays} replays, {elapsed.TotalSeconds:0.0} s");
        Assert.True(escaped.Count == 0, $"{escaped.Count} failures escaped; the first: {escaped.FirstOrDefault()}");
        Assert.True(fuzzed.Faults.Injected > 100, $"Only {fuzzed.Faults.Injected} faults were injected.");

        var letters = fuzzed.DeadLetters.Letters;
        var reasonsByToken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var letter in letters)
        {
            foreach (var match in BadToken().EnumerateMatches(letter.RawBody))
            {
                reasonsByToken.TryAdd(letter.RawBody.Substring(match.Index, match.Length), letter.Reason);
            }
        }

        foreach (var invocation in plan)
        {
            foreach (var token in invocation.BadTokens)
            {
                Assert.True(reasonsByToken.TryGetValue(token, out var reason), $"No dead letter holds {token}: {Describe(invocation, token)}");
                Assert.False(string.IsNullOrWhiteSpace(reason), $"The dead letter of {token} has no reason.");
            }
        }

        var goodBodies = plan.SelectMany(p => p.Good).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(letters, l => goodBodies.Contains(l.RawBody));

        await using var clean = new FuzzFunctionAppFactory(seed);
        var sequence = 0L;
        // The clean pass delivers the good events once, in order, in batches of its own.
        foreach (var chunk in plan.SelectMany(p => p.Good).Chunk(100))
        {
            await EventHubInvocation.InvokeAsync(
                clean.Services,
                chunk,
                EventHubInvocation.BindingData(
                    chunk.Length, partitionId: "0", sequenceNumbers: [.. chunk.Select(_ => ++sequence)], enqueuedTimes: [.. chunk.Select(_ => Enqueued)]));
        }

        var expected = await SnapshotAsync(clean.InMemoryStore);
        var actual = await SnapshotAsync(fuzzed.InMemoryStore);
        Assert.True(expected.Count >= Customers, $"The clean pass wrote {expected.Count} customers.");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, features) in expected)
        {
            Assert.True(features == actual[customer], $"{customer}: expected {features}, got {actual[customer]}");
        }
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(IFeatureStore store)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var features in store.ReadAllAsync(CancellationToken.None))
        {
            snapshot[features.CustomerId] = Describe(features);
        }

        return snapshot;
    }

    /// <summary>What the events decide, leaving out the de-duplication state, which depends on how events were delivered.</summary>
    private static string Describe(CustomerFeatures f) => JsonSerializer.Serialize(
        new CustomerFeatures
        {
            CustomerId = f.CustomerId,
            EventCounts = f.EventCounts,
            Orders = f.Orders,
            Revenue = f.Revenue,
            Refunds = f.Refunds,
            RefundAmount = f.RefundAmount,
            ItemsPurchased = f.ItemsPurchased,
            Currency = f.Currency,
            FirstSeenAt = f.FirstSeenAt,
            LastSeenAt = f.LastSeenAt,
            FirstPurchaseAt = f.FirstPurchaseAt,
            LastPurchaseAt = f.LastPurchaseAt,
            PurchaseDays = f.PurchaseDays,
            InterPurchaseGaps = f.InterPurchaseGaps,
            Categories = new(f.Categories.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal),
            Channels = new(f.Channels.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal),
        },
        DomainJsonContext.Default.CustomerFeatures);

    private static List<FuzzInvocation> Generate(int seed)
    {
        var random = new Random(seed);
        var sequences = new long[Partitions];
        var plan = new List<FuzzInvocation>(Invocations);
        var next = 0;
        for (var i = 0; i < Invocations; i++)
        {
            var count = random.Next(1, 6);
            var bodies = new List<string?>(count);
            var good = new List<string>();
            var bad = new List<string>();
            for (var j = 0; j < count; j++)
            {
                var n = next++;
                if (random.NextDouble() < 0.6)
                {
                    var body = GoodEvent(random, n);
                    bodies.Add(body);
                    good.Add(body);
                }
                else
                {
                    var token = $"bad-{n:D6}";
                    bodies.Add(BadEvent(random, token));
                    bad.Add(token);
                }
            }

            var partition = random.Next(Partitions);
            var first = sequences[partition] + 1;
            sequences[partition] += count;
            var bindingData = EventHubInvocation.BindingData(
                count, partitionId: partition.ToString(CultureInfo.InvariantCulture),
                sequenceNumbers: [.. Enumerable.Range(0, count).Select(k => first + k)],
                enqueuedTimes: [.. Enumerable.Range(0, count).Select(_ => Enqueued)]);
            string?[]? invocationBodies = [.. bodies];
            switch (random.Next(40))
            {
                case 0:
                    bindingData.Clear();
                    break;
                case 1:
                    bindingData[EventHubBatchDecoder.SequenceNumbersKey] = new JsonArray([.. Enumerable.Range(0, count + 1).Select(k => JsonValue.Create(first + k))]).ToJsonString();
                    break;
                case 2:
                    bindingData[EventHubBatchDecoder.EnqueuedTimesKey] = "[\"yesterday\"]";
                    bindingData[EventHubBatchDecoder.SequenceNumbersKey] = "[1e400, -3, \"x\"]";
                    break;
                case 3:
                    bindingData[EventHubBatchDecoder.PartitionContextKey] = "{\"PartitionId\":";
                    break;
                case 4:
                    bindingData[EventHubBatchDecoder.SequenceNumbersKey] = null;
                    bindingData[EventHubBatchDecoder.PartitionContextKey] = "\"\ud800\"";
                    break;
                case 5:
                    // A body the worker could not bind makes the whole invocation a dead letter, good events included.
                    invocationBodies = [.. bodies, null];
                    bad.AddRange(good.Select(IdOf));
                    good.Clear();
                    break;
                case 6:
                    invocationBodies = null;
                    bad.Clear();
                    good.Clear();
                    break;
            }

            plan.Add(new FuzzInvocation(invocationBodies, bindingData, good, bad));
        }

        return plan;
    }

    private static string Describe(FuzzInvocation invocation, string token)
    {
        var body = invocation.Bodies?.FirstOrDefault(b => b?.Contains(token, StringComparison.Ordinal) == true) ?? "(no body)";
        return $"body {body[..Math.Min(body.Length, 300)]}, binding data {string.Join(", ", invocation.BindingData.Keys)}";
    }

    private static string IdOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static string GoodEvent(Random random, int n)
    {
        var customer = $"fz-{random.Next(Customers)}{(random.Next(10) == 0 ? " é+日" : string.Empty)}";
        var at = TestEvents.Epoch.AddMinutes(random.Next(0, 2 * 24 * 60));
        return random.Next(3) == 0
            ? TestEvents.ToJson(TestEvents.Purchase($"good-{n:D6}", customer, at, $"order-{n:D6}", Math.Round((decimal)random.NextDouble() * 500m, 2), quantity: random.Next(1, 4)))
            : TestEvents.ToJson(TestEvents.Make($"good-{n:D6}", random.Next(2) == 0 ? EventType.PageView : EventType.AddToCart, customer, at, channel: "web"));
    }

    private static string BadEvent(Random random, string token)
    {
        const string Head = "\"type\":\"purchase\",\"customerId\":\"fz-1\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"orderId\":\"o-";
        return random.Next(14) switch
        {
            0 => $"garbage {token} {{[\u0001",
            1 => $"{{\"id\":\"{token}\",\"pad\":\"{new string('x', 70_000)}\"}}",
            2 => $"{{\"id\":\"{token}\",{Head}{token}\",\"amount\":1e30}}",
            3 => $"{{\"id\":\"{token}\",{Head}{token}\",\"amount\":79228162514264337593543950335}}",
            4 => $"{{\"id\":\"{token}\",{Head}{token}\",\"amount\":5,\"items\":[{{\"sku\":\"s\",\"quantity\":99999999999999999999,\"price\":1}}]}}",
            5 => $"{{\"id\":\"{token}\",\"type\":\"page_view\",\"customerId\":\"fz-\\ud800x\",\"timestamp\":\"2026-03-01T10:00:00Z\"}}",
            6 => $"{{\"id\":\"{token}\",\"type\":\"page_view\",\"customerId\":\"fz-\ud800x\",\"timestamp\":\"2026-03-01T10:00:00Z\"}}",
            7 => $"{{\"id\":\"{token}\",\"type\":\"page_view\",\"customerId\":\"fz/{random.Next(9)}\",\"timestamp\":\"2026-03-01T10:00:00Z\"}}",
            8 => $"{{\"id\":\"{token}\",\"type\":\"teleport\",\"customerId\":\"fz-1\",\"timestamp\":\"2026-03-01T10:00:00Z\"}}",
            9 => $"\"{token}\"",
            10 => $"{{\"id\":\"{token}\",\"type\":\"page_view\",\"customerId\":\"fz-1\",\"timestamp\":\"2026-03-01T10:00:00\"}}",
            11 => $"{{\"id\":\"{token}\",\"id\":\"{token}\",\"type\":\"page_view\",\"customerId\":\"fz-1\",\"timestamp\":\"2026-03-01T10:00:00Z\"}}",
            12 => $"{{\"id\":\"{token}\",\"type\":\"refund\",\"customerId\":\"fz-1\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"orderId\":\"o\",\"amount\":-1e308}}",
            _ => $"[\"{token}\", {string.Concat(Enumerable.Repeat("[", 200))}",
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("(bad|good)-[0-9]{6}")]
    private static partial System.Text.RegularExpressions.Regex BadToken();

    private sealed record FuzzInvocation(string?[]? Bodies, Dictionary<string, object?> BindingData, List<string> Good, List<string> BadTokens);
}
