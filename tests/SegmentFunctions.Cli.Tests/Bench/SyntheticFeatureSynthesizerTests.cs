using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Tests.Bench;

/// <summary>
/// The scale benchmark's documents drawn without events: the event generator's customers, with its purchases exactly
/// and its browsing and e-mail activity in distribution, and documents at two times that agree as two folds would.
/// </summary>
public sealed class SyntheticFeatureSynthesizerTests
{
    private static readonly SyntheticShopOptions Shop = new() { Customers = 1_000, Seed = 11, HoldoutDays = 90 };

    [Fact]
    public void Each_customer_has_the_event_generators_arrival_and_purchases()
    {
        var generator = new SyntheticShopGenerator(Shop);
        var synthesizer = new SyntheticFeatureSynthesizer(Shop);

        for (var i = 0; i < 200; i++)
        {
            var customer = generator.Customer(i);
            var folded = CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events);
            var drawn = synthesizer.FeaturesAt(i, Shop.End)!;

            Assert.Equal(folded.CustomerId, drawn.CustomerId);
            Assert.Equal(folded.FirstSeenAt, drawn.FirstSeenAt);
            Assert.Equal(folded.Orders, drawn.Orders);
            Assert.Equal(folded.Revenue, drawn.Revenue);
            Assert.Equal(folded.FirstPurchaseAt, drawn.FirstPurchaseAt);
            Assert.Equal(folded.LastPurchaseAt, drawn.LastPurchaseAt);
            Assert.Equal(folded.PurchaseDays, drawn.PurchaseDays);
            Assert.Equal(folded.Currency, drawn.Currency);
            Assert.Equal(folded.InterPurchaseGaps is null, drawn.InterPurchaseGaps is null);
        }
    }

    [Theory]
    [InlineData("session_start")]
    [InlineData("page_view")]
    [InlineData("product_view")]
    [InlineData("add_to_cart")]
    [InlineData("email_open")]
    [InlineData("email_click")]
    public void Activity_totals_are_close_to_the_event_generators(string eventType)
    {
        var generator = new SyntheticShopGenerator(Shop);
        var synthesizer = new SyntheticFeatureSynthesizer(Shop);
        long fromEvents = 0, drawn = 0;

        for (var i = 0; i < Shop.Customers; i++)
        {
            fromEvents += generator.Customer(i).Events.Count(e => e.Type.ToWireName() == eventType);
            drawn += synthesizer.FeaturesAt(i, Shop.End)!.Count(eventType);
        }

        Assert.InRange(drawn, fromEvents * 0.95, fromEvents * 1.05);
    }

    [Fact]
    public void The_document_at_T_minus_H_holds_what_the_one_at_T_holds_before_T_minus_H()
    {
        var synthesizer = new SyntheticFeatureSynthesizer(Shop);
        var cutoff = Shop.End.AddDays(-Shop.HoldoutDays);

        for (var i = 0; i < Shop.Customers; i++)
        {
            var atT = synthesizer.FeaturesAt(i, Shop.End)!;
            var before = synthesizer.FeaturesAt(i, cutoff);
            if (before is null)
            {
                Assert.True(atT.FirstSeenAt >= cutoff);
                continue;
            }

            Assert.True(before.LastSeenAt < cutoff);
            Assert.True(atT.LastSeenAt < Shop.End);
            Assert.Equal(atT.FirstSeenAt, before.FirstSeenAt);
            var cutoffDay = DateOnly.FromDateTime(cutoff.UtcDateTime);
            Assert.Equal(atT.PurchaseDays.Where(d => d.Date < cutoffDay), before.PurchaseDays.Where(d => d.Date < cutoffDay));
            foreach (var (type, count) in before.EventCounts)
            {
                Assert.True(count <= atT.Count(type), $"customer {i}: {type} {count} before T - H, {atT.Count(type)} at T");
            }

            Assert.True(before.Orders <= atT.Orders);
        }
    }
}
