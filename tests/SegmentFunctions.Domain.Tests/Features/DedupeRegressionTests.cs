using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Features;

/// <summary>Duplicates that were mistaken for new events, and new events mistaken for duplicates.</summary>
public sealed class DedupeRegressionTests
{
    private const string Customer = "c-1";
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;

    [Fact]
    public void An_event_id_that_looks_like_an_order_key_does_not_hide_that_order()
    {
        var view = TestEvents.Make("order:o-88", EventType.PageView, Customer, T0);
        var purchase = TestEvents.Purchase("p-88", Customer, T0.AddHours(1), "o-88", 25m);

        var features = CustomerFeaturesFolder.Fold(Customer, [view, purchase]);

        Assert.Equal(1, features.Count("page_view"));
        Assert.Equal(1, features.Orders);
        Assert.Equal(25m, features.Revenue);
    }

    [Fact]
    public void Repeats_of_a_heavy_customers_events_within_the_horizon_count_once_whatever_their_number()
    {
        // 2,516 events over three days: every repeat lies well within a week of the customer's latest event.
        var events = Enumerable.Range(0, 2516)
            .Select(i => i % 15 == 0
                ? TestEvents.Purchase($"p{i}", Customer, T0.AddMinutes(i), $"o-{i}", 10m)
                : TestEvents.Make($"v{i}", EventType.PageView, Customer, T0.AddMinutes(i)))
            .ToList();

        var once = CustomerFeaturesFolder.Fold(Customer, events);
        var twice = CustomerFeaturesFolder.Fold(Customer, [.. events, .. events]);

        Assert.Equal(168, once.Orders);
        Assert.Equal(once.Orders, twice.Orders);
        Assert.Equal(once.Revenue, twice.Revenue);
        Assert.Equal(once.Count("page_view"), twice.Count("page_view"));
    }

    [Fact]
    public void A_heavy_customers_document_stays_far_below_the_cosmos_item_limit()
    {
        var month = Enumerable.Range(0, 5000).Select(i => TestEvents.Make($"v{i}", EventType.PageView, Customer, T0.AddMinutes(i * 8.64)));
        var flood = Enumerable.Range(0, 25_000).Select(i => TestEvents.Make($"f{i}", EventType.PageView, Customer, T0.AddSeconds(i * 3)));

        var heavy = Size(CustomerFeaturesFolder.Fold(Customer, month));
        var flooded = Size(CustomerFeaturesFolder.Fold(Customer, flood));

        Assert.InRange(heavy, 1, 40_000);
        Assert.InRange(flooded, 1, 500_000);
    }

    private static int Size(CustomerFeatures features) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(features, Domain.Serialization.DomainJsonContext.Default.CustomerFeatures).Length;
}
