using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// The feature documents of a synthetic shop's customers drawn directly, without events, for shop sizes where
/// generating and folding every event (a few hundred per customer) would take hours. The latent draws are the event
/// generator's: customer i is <see cref="SyntheticShopGenerator.Customer"/>(i), with the same segment, traits, arrival,
/// purchases and dropout, so purchase histories (BG/NBD, Gamma-Gamma) and churn labels are those of the events.
/// Browsing and e-mail are drawn as counts per week at the customer's engagement in that week, each session's and
/// open's content and time drawn on its own, so counts, channels and decayed activity follow the event generator's
/// distribution without being its events. A week's draws come from their own random stream and do not depend on the
/// as-of time, so a customer's documents at T - H and at T agree on everything before T - H, as two folds would.
/// </summary>
public sealed class SyntheticFeatureSynthesizer
{
    private const long MsPerDay = 86_400_000;
    private const long MsPerWeek = 7 * MsPerDay;
    private const int MaxItemsPerOrder = 4;

    // Streams 0-3 are the event generator's (latent draws, events, duplicates, traits).
    private const int PurchaseStream = 4;
    private const int FirstWeekStream = 8;

    private const string EmailChannel = "email";
    private const string SupportChannel = "support";

    private readonly double[] _segmentWeights;

    public SyntheticFeatureSynthesizer(SyntheticShopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _segmentWeights = [.. options.Segments.Select(s => s.Weight)];
    }

    public SyntheticShopOptions Options { get; }

    /// <summary>
    /// Customer <paramref name="index"/>'s document as of <paramref name="asOf"/>: what its events before then fold
    /// to; null when it had none (it arrives later).
    /// </summary>
    public CustomerFeatures? FeaturesAt(int index, DateTimeOffset asOf)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Customers);
        var customer = new SyntheticCustomerSimulation(Options, index, _segmentWeights);
        var untilMs = Math.Min(customer.EndMs, (asOf.UtcTicks - Options.Start.UtcTicks) / TimeSpan.TicksPerMillisecond);
        if (customer.ArrivalMs >= untilMs)
        {
            return null;
        }

        var document = new SyntheticFeatureDocument(customer.CustomerId, Options.Start, untilMs, Options.Currency);
        AddPurchases(customer, document, untilMs, new SyntheticRandom(Options.Seed, index, PurchaseStream));
        AddWeeks(customer, index, document, untilMs);
        return document.Build();
    }

    /// <summary>Each purchase's session, refund and support contact: all drawn, those before the as-of kept.</summary>
    private void AddPurchases(SyntheticCustomerSimulation customer, SyntheticFeatureDocument document, long untilMs, SyntheticRandom rng)
    {
        var segment = customer.Segment;
        Span<string> categories = new string[MaxItemsPerOrder];
        foreach (var purchase in customer.Purchases)
        {
            var channel = DrawChannel(segment, rng);
            var (pages, products) = DrawViews(customer.Traits, rng);
            var items = Math.Min(MaxItemsPerOrder, 1 + rng.Poisson(0.6));
            for (var i = 0; i < items; i++)
            {
                categories[i] = Options.Categories[rng.Categorical(segment.CategoryWeights)];
            }

            var refunded = rng.Bernoulli(segment.RefundProbability);
            var refundMs = purchase.PurchaseMs + (long)((1 + 19 * rng.NextDouble()) * MsPerDay);
            var contacted = rng.Bernoulli(segment.SupportContactProbability);
            var contactMs = purchase.PurchaseMs + (long)((0.5 + 9.5 * rng.NextDouble()) * MsPerDay);
            if (purchase.PurchaseMs >= untilMs)
            {
                return;
            }

            document.Count(EventType.SessionStart, 1);
            document.Count(EventType.PageView, pages);
            document.Count(EventType.ProductView, products);
            document.Happened(purchase.SessionMs, 1 + pages + products, channel);
            document.Count(EventType.AddToCart, items);
            document.Count(EventType.CheckoutStart, 1);
            document.Happened(purchase.PurchaseMs, items + 1, channel);
            document.Purchase(purchase.PurchaseMs, purchase.Amount, channel, categories[..items]);
            if (refunded && refundMs < untilMs)
            {
                document.Refund(refundMs, items == 1 ? purchase.Amount : Math.Max(0.01m, Math.Round(purchase.Amount / items, 2)), channel);
            }

            if (contacted && contactMs < untilMs)
            {
                document.Count(EventType.SupportContact, 1);
                document.Happened(contactMs, 1, SupportChannel);
            }
        }
    }

    /// <summary>
    /// Browsing sessions and e-mail opens week by week, from the arrival (which starts with a session) until the shop's
    /// end or the customer's engagement has faded: Poisson counts at the week's rate times the engagement in its
    /// middle, each with a uniform time in the week, kept when before the as-of.
    /// </summary>
    private void AddWeeks(SyntheticCustomerSimulation customer, int index, SyntheticFeatureDocument document, long untilMs)
    {
        var traits = customer.Traits;
        var segment = customer.Segment;
        var activeUntil = Math.Min(customer.EndMs, customer.EngagementEndMs);
        for (var week = customer.ArrivalMs / MsPerWeek; week * MsPerWeek < Math.Min(activeUntil, untilMs); week++)
        {
            var from = Math.Max(week * MsPerWeek, customer.ArrivalMs);
            var to = Math.Min((week + 1) * MsPerWeek, activeUntil);
            var days = (double)(to - from) / MsPerDay;
            var engagement = customer.Engagement(from + (to - from) / 2);
            var rng = new SyntheticRandom(Options.Seed, index, FirstWeekStream + (int)week);
            if (from == customer.ArrivalMs)
            {
                Session(document, traits, DrawChannel(segment, rng), from, untilMs, rng);
            }

            var sessions = rng.Poisson(traits.BrowseSessionsPerDay * days * engagement);
            for (var i = 0; i < sessions; i++)
            {
                var at = from + (long)(rng.NextDouble() * (to - from));
                Session(document, traits, DrawChannel(segment, rng), at, untilMs, rng);
            }

            var opens = rng.Poisson(segment.EmailsPerWeek / 7 * days * traits.EmailOpenRate * engagement);
            for (var i = 0; i < opens; i++)
            {
                var at = from + (long)(rng.NextDouble() * (to - from));
                var clicked = rng.Bernoulli(traits.EmailClickRate);
                if (at < untilMs)
                {
                    document.Count(EventType.EmailOpen, 1);
                    document.Count(EventType.EmailClick, clicked ? 1 : 0);
                    document.Happened(at, clicked ? 2 : 1, EmailChannel);
                }

                if (clicked)
                {
                    Session(document, traits, EmailChannel, at, untilMs, rng);
                }
            }
        }
    }

    /// <summary>A browsing session's views and abandoned cart, drawn whether or not it is before the as-of.</summary>
    private static void Session(SyntheticFeatureDocument document, SyntheticCustomerTraits traits, string channel, long at, long untilMs, SyntheticRandom rng)
    {
        var (pages, products) = DrawViews(traits, rng);
        var cart = rng.Bernoulli(traits.CartAbandonProbability);
        var removed = cart && rng.Bernoulli(0.3);
        var checkout = cart && !removed && rng.Bernoulli(0.3);
        if (at >= untilMs)
        {
            return;
        }

        int carts = cart ? 1 : 0, removes = removed ? 1 : 0, checkouts = checkout ? 1 : 0;
        document.Count(EventType.SessionStart, 1);
        document.Count(EventType.PageView, pages);
        document.Count(EventType.ProductView, products);
        document.Count(EventType.AddToCart, carts);
        document.Count(EventType.RemoveFromCart, removes);
        document.Count(EventType.CheckoutStart, checkouts);
        document.Happened(at, 1 + pages + products + carts + removes + checkouts, channel);
    }

    private static (int Pages, int Products) DrawViews(SyntheticCustomerTraits traits, SyntheticRandom rng) =>
        (1 + rng.Poisson(Math.Max(0, traits.PageViewsPerSession - 1)), rng.Poisson(traits.ProductViewsPerSession));

    private static string DrawChannel(SyntheticSegment segment, SyntheticRandom rng) =>
        SyntheticShopGenerator.Channels[rng.Categorical(segment.ChannelWeights)];
}
