using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Features;

public sealed class CustomerFeaturesFolderTests
{
    private const string Customer = "c-1";
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;

    private static CustomerEvent View(string id, DateTimeOffset at, string? channel = null) =>
        TestEvents.Make(id, EventType.PageView, Customer, at, channel: channel);

    [Fact]
    public void Counts_types_orders_revenue_refunds_items_and_channels()
    {
        var features = CustomerFeaturesFolder.Fold(Customer,
        [
            View("v1", T0, "web"),
            View("v2", T0.AddHours(1), "app"),
            TestEvents.Make("a1", EventType.AddToCart, Customer, T0.AddHours(2), channel: "web"),
            TestEvents.Purchase("p1", Customer, T0.AddHours(3), "o-1", 30m, "shoes", 2),
            TestEvents.Purchase("p2", Customer, T0.AddDays(3), "o-2", 12.5m, "books", 1, channel: "app"),
            TestEvents.Make("r1", EventType.Refund, Customer, T0.AddDays(4), orderId: "o-1", amount: 10m),
            TestEvents.Make("m1", EventType.EmailOpen, Customer, T0.AddDays(5)),
            TestEvents.Make("m2", EventType.EmailClick, Customer, T0.AddDays(5).AddMinutes(1), channel: "email"),
        ]);

        Assert.Equal(2, features.Count("page_view"));
        Assert.Equal(1, features.Count("add_to_cart"));
        Assert.Equal(2, features.Count("purchase"));
        Assert.Equal(1, features.Count("refund"));
        Assert.Equal(1, features.Count("email_open"));
        Assert.Equal(1, features.Count("email_click"));
        Assert.Equal(0, features.Count("support_contact"));
        Assert.Equal(2, features.Orders);
        Assert.Equal(42.5m, features.Revenue);
        Assert.Equal(1, features.Refunds);
        Assert.Equal(10m, features.RefundAmount);
        Assert.Equal(3, features.ItemsPurchased);
        Assert.Equal(new Dictionary<string, long> { ["shoes"] = 2, ["books"] = 1 }, features.Categories);
        Assert.Equal(new Dictionary<string, long> { ["web"] = 3, ["app"] = 2, ["email"] = 1 }, features.Channels);
        Assert.Equal("EUR", features.Currency);
        Assert.Equal(T0, features.FirstSeenAt);
        Assert.Equal(T0.AddDays(5).AddMinutes(1), features.LastSeenAt);
        Assert.Equal(T0.AddHours(3), features.FirstPurchaseAt);
        Assert.Equal(T0.AddDays(3), features.LastPurchaseAt);
        Assert.Equal(CustomerFeatures.CurrentSchemaVersion, features.SchemaVersion);
    }

    [Fact]
    public void A_repeated_event_id_is_applied_once()
    {
        var folder = new CustomerFeaturesFolder(new CustomerFeatures { CustomerId = Customer });

        Assert.Equal(FoldOutcome.Applied, folder.Apply(View("v1", T0)));
        Assert.Equal(FoldOutcome.Duplicate, folder.Apply(View("v1", T0)));
        Assert.Equal(1, folder.Complete().Count("page_view"));
    }

    [Fact]
    public void A_second_purchase_event_of_the_same_order_is_a_duplicate()
    {
        var folder = new CustomerFeaturesFolder(new CustomerFeatures { CustomerId = Customer });

        var first = TestEvents.Purchase("p1", Customer, T0, "o-1", 20m);
        folder.Apply(first);
        var outcome = folder.Apply(TestEvents.Purchase("p1-resent-with-new-id", Customer, T0, "o-1", 20m));
        var features = folder.Complete();

        Assert.Equal(FoldOutcome.Duplicate, outcome);
        Assert.Equal(1, features.Orders);
        Assert.Equal(20m, features.Revenue);
        Assert.Equal(1, features.Count("purchase"));
        var kept = Assert.Single(features.Processing.RecentKeys.Keys.ToArray());
        Assert.True(kept.IsOrder);
        Assert.Equal(RecentKey.Of(first), kept);
    }

    [Fact]
    public void A_purchase_of_a_stored_order_is_a_duplicate_even_with_another_timestamp()
    {
        var stored = FeatureDocumentAssert.Clone(CustomerFeaturesFolder.Fold(Customer,
            [View("v1", T0), TestEvents.Purchase("p1", Customer, T0.AddHours(1), "o-1", 20m), View("v2", T0.AddHours(2))]));
        var folder = new CustomerFeaturesFolder(stored);
        var resent = TestEvents.Purchase("p9", Customer, T0.AddHours(3), "o-1", 20m);

        Assert.True(folder.IsDuplicate(resent));
        Assert.Equal(FoldOutcome.Duplicate, folder.Apply(resent));
        Assert.False(folder.IsDuplicate(View("v1", T0.AddSeconds(1))));
        Assert.Equal(1, folder.Complete().Orders);
    }

    [Fact]
    public void Purchase_days_sum_same_day_orders_in_date_order_and_gaps_follow_them()
    {
        var features = CustomerFeaturesFolder.Fold(Customer,
        [
            TestEvents.Purchase("p3", Customer, T0.AddDays(10), "o-3", 5m),
            TestEvents.Purchase("p1", Customer, T0.AddHours(1), "o-1", 10m),
            TestEvents.Purchase("p2", Customer, T0.AddHours(20), "o-2", 2.5m),
            TestEvents.Purchase("p4", Customer, T0.AddDays(14), "o-4", 1m),
        ]);

        var d0 = DateOnly.FromDateTime(T0.UtcDateTime);
        Assert.Equal(
            [new PurchaseDay(d0, 12.5m, 2), new PurchaseDay(d0.AddDays(10), 5m, 1), new PurchaseDay(d0.AddDays(14), 1m, 1)],
            features.PurchaseDays);
        // Gaps 10 and 4 days: mean 7, population standard deviation 3.
        Assert.Equal(new GapStatistics(2, 7.0, 3.0, 4, 10), features.InterPurchaseGaps);
    }

    [Fact]
    public void Purchase_days_use_the_UTC_date_of_an_offset_timestamp()
    {
        var lateEveningInNewYork = new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.FromHours(-5));

        var features = CustomerFeaturesFolder.Fold(Customer, [TestEvents.Purchase("p1", Customer, lateEveningInNewYork, "o-1", 1m)]);

        Assert.Equal(new DateOnly(2026, 3, 2), Assert.Single(features.PurchaseDays).Date);
        Assert.Equal(TimeSpan.Zero, features.FirstPurchaseAt!.Value.Offset);
        Assert.Null(features.InterPurchaseGaps);
    }

    [Fact]
    public void Purchase_days_keep_the_most_recent_whatever_the_arrival_order()
    {
        var settings = new FeatureFoldSettings { MaxPurchaseDays = 3 };
        var purchases = Enumerable.Range(0, 6)
            .Select(d => TestEvents.Purchase($"p{d}", Customer, T0.AddDays(d), $"o-{d}", d + 1m))
            .ToList();

        var forward = CustomerFeaturesFolder.Fold(Customer, purchases, settings);
        var backward = CustomerFeaturesFolder.Fold(Customer, Enumerable.Reverse(purchases), settings);

        var d0 = DateOnly.FromDateTime(T0.UtcDateTime);
        Assert.Equal([d0.AddDays(3), d0.AddDays(4), d0.AddDays(5)], forward.PurchaseDays.Select(p => p.Date));
        Assert.Equal(forward.PurchaseDays, backward.PurchaseDays);
        Assert.Equal(6, forward.Orders);
        Assert.Equal(21m, forward.Revenue);
    }

    [Fact]
    public void Currency_is_that_of_the_latest_purchase_whatever_the_arrival_order()
    {
        var older = TestEvents.Make("p1", EventType.Purchase, Customer, T0, "o-1", 5m, "USD");
        var newer = TestEvents.Make("p2", EventType.Purchase, Customer, T0.AddDays(1), "o-2", 5m, "EUR");

        Assert.Equal("EUR", CustomerFeaturesFolder.Fold(Customer, [older, newer]).Currency);
        Assert.Equal("EUR", CustomerFeaturesFolder.Fold(Customer, [newer, older]).Currency);
    }

    [Fact]
    public void Categories_are_exact_below_the_bound_and_drop_the_smallest_beyond_it()
    {
        var settings = new FeatureFoldSettings { MaxCategories = 2 };
        var features = CustomerFeaturesFolder.Fold(Customer,
        [
            TestEvents.Purchase("p1", Customer, T0, "o-1", 1m, "shoes", 5),
            TestEvents.Purchase("p2", Customer, T0.AddHours(1), "o-2", 1m, "books", 1),
            TestEvents.Purchase("p3", Customer, T0.AddHours(2), "o-3", 1m, "books", 1),
            TestEvents.Purchase("p4", Customer, T0.AddHours(3), "o-4", 1m, "music", 3),
        ], settings);

        Assert.Equal(new Dictionary<string, long> { ["shoes"] = 5, ["music"] = 3 }, features.Categories);
        Assert.Equal(10, features.ItemsPurchased);
    }

    [Fact]
    public void Decayed_sums_equal_the_closed_form_whatever_the_arrival_order()
    {
        var events = new[]
        {
            TestEvents.Purchase("p1", Customer, T0.AddDays(20), "o-1", 100m),
            View("v1", T0),
            View("v2", T0.AddDays(45)),
            TestEvents.Purchase("p2", Customer, T0.AddDays(3), "o-2", 40m),
        };

        var decay = CustomerFeaturesFolder.Fold(Customer, events).Decay;

        var asOf = T0.AddDays(45);
        Assert.Equal(asOf, decay.AsOf);
        for (var i = 0; i < decay.HalfLivesDays.Length; i++)
        {
            double h = decay.HalfLivesDays[i];
            // S(t) = sum_i w_i 2^(-(t - t_i)/h), DecayedActivity docs.
            var activity = Math.Pow(2, -25 / h) + 1 + Math.Pow(2, -45 / h) + Math.Pow(2, -42 / h);
            var spend = 100 * Math.Pow(2, -25 / h) + 40 * Math.Pow(2, -42 / h);
            Assert.Equal(activity, decay.Activity[i], 1e-12);
            Assert.Equal(spend, decay.Spend[i], 1e-10);
            Assert.Equal(activity / 2, decay.ActivityAt(i, asOf.AddDays(h)), 1e-12);
            Assert.Equal(spend / 4, decay.SpendAt(i, asOf.AddDays(2 * h)), 1e-10);
        }

        Assert.Equal(1, decay.IndexOfHalfLife(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => decay.ActivityAt(0, asOf.AddDays(-1)));
    }

    [Fact]
    public void Recent_keys_keep_the_horizon_in_event_time_and_older_events_apply_unchecked()
    {
        var settings = new FeatureFoldSettings { DedupeHorizon = TimeSpan.FromDays(2) };
        var views = Enumerable.Range(0, 5).Select(i => View($"v{i}", T0.AddDays(i))).ToList();

        var forward = CustomerFeaturesFolder.Fold(Customer, views, settings);
        var shuffled = CustomerFeaturesFolder.Fold(Customer, [views[4], views[0], views[2], views[3], views[1]], settings);

        Assert.Equal(views[2..].Select(RecentKey.Of), forward.Processing.RecentKeys.Keys.ToArray());
        Assert.Equal(forward.Processing.RecentKeys.Keys.ToArray(), shuffled.Processing.RecentKeys.Keys.ToArray());

        var folder = new CustomerFeaturesFolder(forward, settings);
        Assert.Equal(FoldOutcome.Duplicate, folder.Apply(views[2]));
        Assert.Equal(FoldOutcome.AppliedUnchecked, folder.Apply(views[1]));
        Assert.Equal(6, folder.Complete().Count("page_view"));
    }

    [Fact]
    public void The_key_cap_bounds_the_state_of_a_flood_within_the_horizon()
    {
        var settings = new FeatureFoldSettings { MaxRecentKeys = 3 };
        var views = Enumerable.Range(0, 5).Select(i => View($"v{i}", T0.AddMinutes(i))).ToList();

        var features = CustomerFeaturesFolder.Fold(Customer, views, settings);

        Assert.Equal(views[2..].Select(RecentKey.Of), features.Processing.RecentKeys.Keys.ToArray());
        Assert.Equal(FoldOutcome.AppliedUnchecked, new CustomerFeaturesFolder(features, settings).Apply(views[0]));
    }

    [Fact]
    public void Same_instant_with_different_offsets_is_stored_in_UTC()
    {
        var utc = View("v1", new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var paris = View("v2", new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.FromHours(1)));

        var a = CustomerFeaturesFolder.Fold(Customer, [utc, paris]);
        var b = CustomerFeaturesFolder.Fold(Customer, [paris, utc]);

        FeatureDocumentAssert.Equivalent(a, b, relativeTolerance: 0);
        Assert.Equal(TimeSpan.Zero, a.FirstSeenAt!.Value.Offset);
    }

    [Fact]
    public void Rejects_an_event_of_another_customer()
    {
        var folder = new CustomerFeaturesFolder(new CustomerFeatures { CustomerId = Customer });

        var ex = Assert.Throws<ArgumentException>(() => folder.Apply(TestEvents.Make("v1", EventType.PageView, "c-2", T0)));
        Assert.Contains("c-2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_document_of_a_newer_schema()
    {
        var features = new CustomerFeatures { CustomerId = Customer, SchemaVersion = CustomerFeatures.CurrentSchemaVersion + 1 };

        Assert.Throws<ArgumentException>(() => new CustomerFeaturesFolder(features));
    }
}
