namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// The five default latent segments. A segmentation can only recover segments that differ in what it sees, and the
/// default one sees stable behaviour (views per session, visits and e-mail opens per active year, clicks per open,
/// carts per session), not purchase timing, which is lifecycle. So, as in a real shop, segments differ in stable
/// traits -- browsing depth and intensity, cart use, e-mail engagement -- and each customer draws its own traits around
/// its segment's values (<see cref="SyntheticSegment.TraitVariation"/>). Purchases and dropout (BG/NBD) stay distinct
/// per segment so churn has signal: one-and-done customers almost surely leave after their first purchase
/// (p ~ Beta(30, 1)), window shoppers soon (mean p 1/4), the others rarely (1/61 to 1/21 per purchase); after dropout
/// a customer disengages (<see cref="SyntheticSegment.DisengagementHalfLifeDays"/>), which cuts the default demo
/// (20,000 customers, 18 months) from 8.4 to 7.5 million events.
/// </summary>
public static class SyntheticSegments
{
    public static IReadOnlyList<SyntheticSegment> Default { get; } =
    [
        new()
        {
            Name = "loyal_high_value", Weight = 0.12,
            PurchaseRateShape = 6.0, PurchaseRateRate = 100.0, DropoutA = 1.0, DropoutB = 60.0,
            SpendShape = 6.0, SpendRateShape = 5.0, SpendRateRate = 60.0,
            BrowseSessionsPerDay = 0.03, PageViewsPerSession = 4, ProductViewsPerSession = 4,
            CartAbandonProbability = 0.15, EmailsPerWeek = 2.0, EmailOpenRate = 0.6, EmailClickRate = 0.2,
            RefundProbability = 0.03, SupportContactProbability = 0.05,
            ChannelWeights = [0.3, 0.6, 0.1], CategoryWeights = [0.35, 0.25, 0.2, 0.1, 0.1],
        },
        new()
        {
            Name = "regular", Weight = 0.30,
            PurchaseRateShape = 4.0, PurchaseRateRate = 160.0, DropoutA = 1.0, DropoutB = 20.0,
            SpendShape = 4.0, SpendRateShape = 4.0, SpendRateRate = 40.0,
            BrowseSessionsPerDay = 0.02, PageViewsPerSession = 2.5, ProductViewsPerSession = 2.5,
            CartAbandonProbability = 0.15, EmailsPerWeek = 2.0, EmailOpenRate = 0.35, EmailClickRate = 0.08,
            RefundProbability = 0.05, SupportContactProbability = 0.04,
            ChannelWeights = [0.5, 0.4, 0.1], CategoryWeights = [0.2, 0.2, 0.2, 0.2, 0.2],
        },
        new()
        {
            Name = "bargain_hunter", Weight = 0.20,
            PurchaseRateShape = 3.0, PurchaseRateRate = 120.0, DropoutA = 1.0, DropoutB = 20.0,
            SpendShape = 3.0, SpendRateShape = 5.0, SpendRateRate = 40.0,
            BrowseSessionsPerDay = 0.04, PageViewsPerSession = 3, ProductViewsPerSession = 3,
            CartAbandonProbability = 0.65, EmailsPerWeek = 3.0, EmailOpenRate = 0.75, EmailClickRate = 0.45,
            RefundProbability = 0.10, SupportContactProbability = 0.08,
            ChannelWeights = [0.6, 0.35, 0.05], CategoryWeights = [0.1, 0.15, 0.2, 0.25, 0.3],
        },
        new()
        {
            Name = "window_shopper", Weight = 0.23,
            PurchaseRateShape = 0.8, PurchaseRateRate = 200.0, DropoutA = 1.0, DropoutB = 3.0,
            SpendShape = 3.0, SpendRateShape = 4.0, SpendRateRate = 30.0,
            BrowseSessionsPerDay = 0.08, PageViewsPerSession = 6, ProductViewsPerSession = 6,
            CartAbandonProbability = 0.3, EmailsPerWeek = 2.0, EmailOpenRate = 0.2, EmailClickRate = 0.25,
            RefundProbability = 0.04, SupportContactProbability = 0.02,
            ChannelWeights = [0.7, 0.3, 0.0], CategoryWeights = [0.3, 0.1, 0.1, 0.3, 0.2],
        },
        new()
        {
            Name = "one_and_done", Weight = 0.15,
            PurchaseRateShape = 2.0, PurchaseRateRate = 60.0, DropoutA = 30.0, DropoutB = 1.0,
            SpendShape = 5.0, SpendRateShape = 4.0, SpendRateRate = 45.0,
            BrowseSessionsPerDay = 0.01, PageViewsPerSession = 1, ProductViewsPerSession = 0.5,
            CartAbandonProbability = 0.05, EmailsPerWeek = 2.0, EmailOpenRate = 0.1, EmailClickRate = 0.03,
            RefundProbability = 0.12, SupportContactProbability = 0.10,
            ChannelWeights = [0.5, 0.2, 0.3], CategoryWeights = [0.2, 0.3, 0.3, 0.1, 0.1],
        },
    ];
}
