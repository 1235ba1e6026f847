using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Synthetic;

public sealed partial class SyntheticShopGeneratorTests
{
    private static readonly SyntheticShopOptions Small = new() { Customers = 300, Months = 12, Seed = 7 };
    private static readonly DateTimeOffset ReferenceTime = Small.End;

    private static async Task<byte[]> JsonLines(SyntheticShopOptions options)
    {
        using var output = new MemoryStream();
        await new EventJsonLinesWriter().WriteAsync(new SyntheticShopGenerator(options).EventsInTimeOrder(), output, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task Same_seed_gives_the_same_bytes()
    {
        var first = await JsonLines(Small);
        var second = await JsonLines(Small);

        Assert.True(first.Length > 10_000);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Different_seed_gives_different_events()
    {
        var first = await JsonLines(Small);
        var other = await JsonLines(Small with { Seed = 8 });

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Global_order_is_time_order_and_holds_the_same_events_as_customer_order()
    {
        var generator = new SyntheticShopGenerator(Small);
        var global = generator.EventsInTimeOrder().ToList();
        var byCustomer = generator.EventsByCustomer().ToList();

        Assert.True(global.Zip(global.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.Equal(byCustomer.Select(e => e.Id).Order(StringComparer.Ordinal), global.Select(e => e.Id).Order(StringComparer.Ordinal));
        foreach (var customer in byCustomer.GroupBy(e => e.CustomerId))
        {
            Assert.True(customer.Zip(customer.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), customer.Key);
        }
    }

    [Fact]
    public void Ground_truth_is_consistent_with_the_events()
    {
        var options = Small;
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            var truth = customer.Truth;
            var purchases = customer.Events.Where(e => e.Type == EventType.Purchase).ToList();
            if (truth.DropoutAt is { } dropout)
            {
                Assert.All(purchases, p => Assert.True(p.Timestamp <= dropout, $"{truth.CustomerId} bought after dropout"));
                Assert.Equal(dropout, purchases[^1].Timestamp);
            }

            var holdoutDays = purchases.Select(p => DateOnly.FromDateTime(p.Timestamp.UtcDateTime))
                .Where(d => AsOfDays.IsInWindow(d, options.HoldoutStart, options.End)).ToList();
            Assert.Equal(truth.PurchasesInHoldout, holdoutDays.Count);
            Assert.Equal(truth.PurchaseDaysInHoldout, holdoutDays.Distinct().Count());
            Assert.Equal(holdoutDays.Count == 0, truth.ChurnedInHoldout);
            Assert.Equal(truth.FirstSeenAt, customer.Events[0].Timestamp);
        }

        var truths = new SyntheticShopGenerator(options).GroundTruth().ToList();
        Assert.Equal(options.Customers, truths.Count);
        Assert.Contains(truths, t => t.ChurnedInHoldout);
        Assert.Contains(truths, t => !t.ChurnedInHoldout);
        Assert.Contains(truths, t => t.DropoutAt is not null);
    }

    [Fact]
    public void Dropout_ends_buying_and_engagement_fades_after_it()
    {
        var options = Small with { Customers = 600 };
        var dropped = new SyntheticShopGenerator(options).Customers()
            .Where(c => c.Truth.DropoutAt is { } d && d < options.End.AddDays(-120))
            .Select(c => (Dropout: c.Truth.DropoutAt!.Value, c.Events))
            .ToList();
        var halfLife = TimeSpan.FromDays(SyntheticSegments.Default[0].DisengagementHalfLifeDays);

        Assert.NotEmpty(dropped);
        // Some activity goes on right after dropout (the fade is gradual), far less later, none after ten half-lives.
        static bool Engaged(CustomerEvent e) => e.Type is EventType.SessionStart or EventType.EmailOpen;
        var first = dropped.Sum(c => c.Events.Count(e => Engaged(e) && e.Timestamp > c.Dropout && e.Timestamp <= c.Dropout + halfLife));
        var third = dropped.Sum(c => c.Events.Count(e => Engaged(e) && e.Timestamp > c.Dropout + 2 * halfLife && e.Timestamp <= c.Dropout + 3 * halfLife));
        Assert.True(first > 0, "no engagement right after dropout");
        Assert.True(third < 0.5 * first, $"{third} sessions and opens in the third half-life after dropout, {first} in the first");
        Assert.DoesNotContain(dropped, c => c.Events.Any(e => Engaged(e) && e.Timestamp > c.Dropout + 10 * halfLife));
    }

    [Fact]
    public void Customers_of_one_segment_differ_in_their_traits_beyond_sampling_noise()
    {
        var withTraits = Small with { Customers = 400 };
        var withoutTraits = withTraits with { Segments = [.. SyntheticSegments.Default.Select(s => s with { TraitVariation = 0 })] };

        var spread = ViewsPerSessionSpread(withTraits);
        var noise = ViewsPerSessionSpread(withoutTraits);

        Assert.True(spread > 1.5 * noise, $"standard deviation of views per session {spread:F2} with traits, {noise:F2} without");
    }

    private static double ViewsPerSessionSpread(SyntheticShopOptions options)
    {
        var views = new SyntheticShopGenerator(options).Customers()
            .Where(c => c.Truth.Segment == "window_shopper")
            .Select(c => (Views: c.Events.Count(e => e.Type is EventType.PageView or EventType.ProductView),
                Sessions: c.Events.Count(e => e.Type == EventType.SessionStart)))
            .Where(c => c.Sessions >= 20)
            .Select(c => c.Views / (double)c.Sessions)
            .ToList();
        Assert.True(views.Count > 20, $"{views.Count} window shoppers with 20 sessions or more");
        var mean = views.Average();
        return Math.Sqrt(views.Average(v => (v - mean) * (v - mean)));
    }

    [Fact]
    public void Events_satisfy_the_v1_rules()
    {
        var options = Small;
        var events = new SyntheticShopGenerator(options).EventsByCustomer().ToList();
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        var orders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Id));
            Assert.False(string.IsNullOrWhiteSpace(e.CustomerId));
            Assert.InRange(e.Timestamp, options.Start, options.End.AddTicks(-1));
            Assert.All(e.Items ?? [], item => Assert.True(item.Quantity > 0 && item.Price >= 0 && item.Sku.Length > 0));
            switch (e.Type)
            {
                case EventType.Purchase:
                    Assert.NotNull(e.OrderId);
                    Assert.True(e.Amount > 0);
                    Assert.Equal(options.Currency, e.Currency);
                    Assert.Equal(e.Amount, e.Items!.Sum(i => i.Price * i.Quantity));
                    Assert.True(orders.Add(e.OrderId!));
                    break;
                case EventType.Refund:
                    Assert.Contains(e.OrderId!, orders);
                    Assert.True(e.Amount > 0);
                    break;
                default:
                    Assert.Null(e.Amount);
                    break;
            }
        }

        Assert.Equal(EventTypeNames.All.Count, events.Select(e => e.Type).Distinct().Count());
    }

    [Fact]
    public async Task Json_lines_use_the_v1_wire_format()
    {
        var bytes = await JsonLines(Small with { Customers = 20 });
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.True(EventTypeNames.TryParse(root.GetProperty("type").GetString(), out _));
            Assert.Matches(IsoTimestamp(), root.GetProperty("timestamp").GetString()!);
            Assert.True(root.TryGetProperty("customerId", out _));
            Assert.All(root.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), p.Name));
            Assert.False(root.TryGetProperty("orderId", out var order) && order.ValueKind == JsonValueKind.Null);
        }

        var events = new SyntheticShopGenerator(Small with { Customers = 20 }).EventsInTimeOrder().ToList();
        Assert.Equal(events.Count, lines.Length);
        foreach (var (line, e) in lines.Zip(events))
        {
            var parsed = EventParser.Parse(line, ReferenceTime);
            Assert.True(parsed.IsValid, parsed.Rejection?.Message);
            Assert.Equal(line, EventJsonLinesWriter.ToJson(parsed.Event));
            Assert.Equal(e.Timestamp, parsed.Event.Timestamp);
        }

        var purchase = events.First(e => e.Type == EventType.Purchase);
        using var json = JsonDocument.Parse(EventJsonLinesWriter.ToJson(purchase));
        Assert.Equal("purchase", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(purchase.Amount, json.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal(purchase.Timestamp, DateTimeOffset.Parse(json.RootElement.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(purchase.Items!.Count, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Duplicates_are_off_by_default_and_repeat_ids_when_asked()
    {
        var clean = new SyntheticShopGenerator(Small with { Customers = 50 }).EventsByCustomer().ToList();
        var noisy = new SyntheticShopGenerator(Small with { Customers = 50, DuplicateFraction = 0.05 }).EventsByCustomer().ToList();

        Assert.Equal(clean.Count, clean.Select(e => e.Id).Distinct().Count());
        var duplicates = noisy.Count - noisy.Select(e => e.Id).Distinct().Count();
        Assert.InRange(duplicates, clean.Count * 0.03, clean.Count * 0.07);
        Assert.Equal(clean.Select(e => e.Id), noisy.Select(e => e.Id).Distinct());
    }

    [Fact]
    public async Task Malformed_lines_are_counted_and_fail_v1_validation()
    {
        var events = new SyntheticShopGenerator(Small with { Customers = 30 }).EventsByCustomer().ToList();
        var writer = new EventJsonLinesWriter(malformedFraction: 0.1, seed: 3);
        using var output = new MemoryStream();
        await writer.WriteAsync(events, output, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(events.Count, lines.Length);
        Assert.InRange(writer.MalformedWritten, events.Count * 0.07, events.Count * 0.13);
        Assert.Equal(writer.MalformedWritten, lines.Count(l => !IsValidV1(l)));
    }

    [Fact]
    public void Segments_behave_differently()
    {
        var customers = new SyntheticShopGenerator(Small with { Customers = 1_000 }).Customers().ToList();
        double PurchasesPerCustomer(string segment) => customers.Where(c => c.Truth.Segment == segment)
            .Average(c => c.Events.Count(e => e.Type == EventType.Purchase));
        double ClicksPerOpen(string segment)
        {
            var events = customers.Where(c => c.Truth.Segment == segment).SelectMany(c => c.Events).ToList();
            return events.Count(e => e.Type == EventType.EmailClick) / (double)events.Count(e => e.Type == EventType.EmailOpen);
        }

        Assert.Equal(SyntheticSegments.Default.Count, customers.Select(c => c.Truth.Segment).Distinct().Count());
        Assert.True(PurchasesPerCustomer("loyal_high_value") > 2 * PurchasesPerCustomer("one_and_done"));
        Assert.True(ClicksPerOpen("bargain_hunter") > 2 * ClicksPerOpen("one_and_done"));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_option_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticShopGenerator(Small with { HoldoutDays = 10_000 }));
        Assert.Contains("HoldoutDays", error.Message);
    }

    private static bool IsValidV1(string line) => EventParser.Parse(line, ReferenceTime).IsValid;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")]
    private static partial Regex IsoTimestamp();
}
