using System.Diagnostics.CodeAnalysis;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// One customer's latent draws, purchase process and events. Browsing and e-mail engagement are the customer's stable
/// traits (<see cref="SyntheticCustomerTraits"/>) while it buys. Dropout ends the purchase process at once and the
/// engagement gradually, as in a real shop where a customer who has stopped buying also visits and opens less: after
/// dropout the session rate and the open probability are scaled by 2^(-(t - dropout) / h), h the segment's
/// <see cref="SyntheticSegment.DisengagementHalfLifeDays"/>, so the fading activity tells a lapsed customer from a
/// slow buyer, which purchases alone (BG/NBD) cannot, while the sessions and opens it still has keep its segment's
/// shape (views per session, clicks per open, carts per session do not fade). Purchases and
/// dropout come from their own random stream, drawn up front (a few dozen at most), so the ground truth is known
/// without generating events; traits come from a third stream, events from a second one, lazily in time order, so the
/// generator never holds more than a few episodes per customer.
/// </summary>
internal sealed class SyntheticCustomerSimulation
{
    private const long MsPerDay = 86_400_000;
    private const long MsPerMinute = 60_000;
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(-5), TimeSpan.FromHours(5.5)];
    private static readonly double[] OffsetWeights = [0.4, 0.25, 0.15, 0.15, 0.05];

    private readonly SyntheticShopOptions _options;
    private readonly SyntheticSegment _segment;
    private readonly SyntheticCustomerTraits _traits;
    private readonly int _index;
    private readonly TimeSpan _offset;
    private readonly long _arrivalMs;
    private readonly long _endMs;
    private readonly long? _dropoutMs;
    private readonly double _halfLifeMs;
    private readonly List<PlannedPurchase> _purchases = [];

    public SyntheticCustomerSimulation(SyntheticShopOptions options, int index, double[] segmentWeights)
    {
        _options = options;
        _index = index;
        CustomerId = $"c{index:D7}";
        var rng = new SyntheticRandom(options.Seed, index, 0);
        _segment = options.Segments[rng.Categorical(segmentWeights)];
        _traits = SyntheticCustomerTraits.Draw(_segment, new SyntheticRandom(options.Seed, index, 3));
        _offset = Offsets[rng.Categorical(OffsetWeights)];
        _endMs = (long)(options.End - options.Start).TotalMilliseconds;
        _arrivalMs = (long)(rng.NextDouble() * options.AcquisitionShare * _endMs);

        var lambda = rng.Gamma(_segment.PurchaseRateShape, 1.0 / _segment.PurchaseRateRate);
        var p = rng.Beta(_segment.DropoutA, _segment.DropoutB);
        var nu = rng.Gamma(_segment.SpendRateShape, 1.0 / _segment.SpendRateRate);

        // BG/NBD: Poisson purchases at rate lambda while alive; after each purchase the customer drops out with probability p.
        var t = (double)_arrivalMs;
        while (true)
        {
            t += rng.Exponential(lambda) * MsPerDay;
            if (t >= _endMs)
            {
                break;
            }

            var purchaseMs = (long)t;
            var leadMs = (2 + rng.NextInt(25)) * MsPerMinute;
            var amount = Math.Max(1m, Math.Round((decimal)rng.Gamma(_segment.SpendShape, 1.0 / nu), 2));
            _purchases.Add(new PlannedPurchase(Math.Max(_arrivalMs, purchaseMs - leadMs), purchaseMs, amount));
            if (rng.Bernoulli(p))
            {
                _dropoutMs = purchaseMs;
                break;
            }
        }

        _halfLifeMs = _segment.DisengagementHalfLifeDays * MsPerDay;
        Truth = BuildTruth(lambda, p);
    }

    public string CustomerId { get; }
    public SyntheticCustomerTruth Truth { get; }

    /// <summary>Time of this customer's first event, for the global time-order merge.</summary>
    public DateTimeOffset FirstSeenAt => ToTimestamp(_arrivalMs);

    // The latent draws, for the feature synthesizer that draws a customer's aggregates without its events.
    internal SyntheticSegment Segment => _segment;
    internal SyntheticCustomerTraits Traits => _traits;
    internal long ArrivalMs => _arrivalMs;
    internal long EndMs => _endMs;
    internal IReadOnlyList<PlannedPurchase> Purchases => _purchases;

    private SyntheticCustomerTruth BuildTruth(double lambda, double p)
    {
        var holdoutStart = _options.HoldoutStart;
        var end = _options.End;
        int before = 0, inHoldout = 0;
        var holdoutDays = new HashSet<DateOnly>();
        foreach (var purchase in _purchases)
        {
            var day = DateOnly.FromDateTime(ToTimestamp(purchase.PurchaseMs).UtcDateTime);
            if (AsOfDays.IsInWindow(day, holdoutStart, end))
            {
                inHoldout++;
                holdoutDays.Add(day);
            }
            else if (AsOfDays.IsKnownAt(day, holdoutStart))
            {
                before++;
            }
        }

        return new SyntheticCustomerTruth(
            CustomerId, _segment.Name, FirstSeenAt, lambda, p,
            _dropoutMs is { } d ? ToTimestamp(d) : null,
            before, inHoldout, holdoutDays.Count, inHoldout == 0);
    }

    /// <summary>Engagement at <paramref name="ms"/>: 1 until dropout, then halving every half-life.</summary>
    internal double Engagement(long ms) =>
        _dropoutMs is { } dropout && ms > dropout && _halfLifeMs > 0 ? Math.Pow(2, -(ms - dropout) / _halfLifeMs) : 1;

    /// <summary>After this time engagement is below 2^-10 and browsing and e-mail stop, so a lapsed customer costs nothing.</summary>
    internal long EngagementEndMs => _dropoutMs is { } dropout && _halfLifeMs > 0 ? dropout + (long)(10 * _halfLifeMs) : long.MaxValue;

    private DateTimeOffset ToTimestamp(long ms) => new DateTimeOffset(_options.Start.UtcTicks + ms * TimeSpan.TicksPerMillisecond, TimeSpan.Zero).ToOffset(_offset);

    /// <summary>The customer's events in time order (ties keep generation order).</summary>
    public IEnumerable<CustomerEvent> Events()
    {
        var episode = new EpisodeWriter(this, new SyntheticRandom(_options.Seed, _index, 1));
        var duplicates = new SyntheticRandom(_options.Seed, _index, 2);
        var rng = episode.Random;
        var nextPurchase = 0;
        var nextBrowse = _arrivalMs;
        var nextEmail = _arrivalMs + (long)(rng.Exponential(_segment.EmailsPerWeek / 7.0) * MsPerDay);

        while (true)
        {
            var purchaseKey = nextPurchase < _purchases.Count ? _purchases[nextPurchase].SessionMs : long.MaxValue;
            var browseKey = nextBrowse;
            var key = Math.Min(purchaseKey, Math.Min(browseKey, nextEmail));
            if (key >= _endMs)
            {
                break;
            }

            while (episode.TryTake(key, out var e))
            {
                yield return e;
                if (_options.DuplicateFraction > 0 && duplicates.Bernoulli(_options.DuplicateFraction))
                {
                    yield return e;
                }
            }

            if (key == purchaseKey)
            {
                episode.PurchaseSession(_purchases[nextPurchase], nextPurchase);
                nextPurchase++;
            }
            else if (key == browseKey)
            {
                // Thinning (Lewis & Shedler, 1979): candidates at the trait rate, each kept with the engagement then.
                var engagement = Engagement(key);
                if (engagement >= 1 || rng.Bernoulli(engagement))
                {
                    episode.BrowseSession(key, channel: null, campaign: EpisodeWriter.NoCampaign);
                }

                nextBrowse = key + Math.Max(1, (long)(rng.Exponential(_traits.BrowseSessionsPerDay) * MsPerDay));
                nextBrowse = nextBrowse > EngagementEndMs ? long.MaxValue : nextBrowse;
            }
            else
            {
                episode.Email(key, Engagement(key));
                nextEmail = key + Math.Max(1, (long)(rng.Exponential(_segment.EmailsPerWeek / 7.0) * MsPerDay));
                nextEmail = nextEmail > EngagementEndMs ? long.MaxValue : nextEmail;
            }
        }

        while (episode.TryTake(_endMs - 1, out var e))
        {
            yield return e;
            if (_options.DuplicateFraction > 0 && duplicates.Bernoulli(_options.DuplicateFraction))
            {
                yield return e;
            }
        }
    }

    internal sealed record PlannedPurchase(long SessionMs, long PurchaseMs, decimal Amount);

    private readonly record struct PendingEvent(
        EventType Type, long Seq, string? Channel, long CampaignWeek, int Order, decimal? Amount, LineItem[]? Items);

    /// <summary>Writes the events of one episode (session, email) into a time-ordered pending queue.</summary>
    private sealed class EpisodeWriter(SyntheticCustomerSimulation customer, SyntheticRandom rng)
    {
        public const long NoCampaign = -1;
        private const int NoOrder = -1;
        private readonly PriorityQueue<PendingEvent, (long Ms, long Seq)> _pending = new();
        private long _seq;

        public SyntheticRandom Random => rng;

        private SyntheticSegment Segment => customer._segment;

        private SyntheticCustomerTraits Traits => customer._traits;

        /// <summary>The next pending event up to <paramref name="untilMs"/>; later episodes start after it, so it is final.</summary>
        public bool TryTake(long untilMs, [NotNullWhen(true)] out CustomerEvent? next)
        {
            if (_pending.TryPeek(out var pending, out var priority) && priority.Ms <= untilMs)
            {
                _pending.Dequeue();
                next = Materialize(pending, priority.Ms);
                return true;
            }

            next = null;
            return false;
        }

        private void Add(EventType type, long ms, string? channel, long campaignWeek = NoCampaign,
            int order = NoOrder, decimal? amount = null, LineItem[]? items = null)
        {
            if (ms >= customer._endMs)
            {
                return;
            }

            var seq = _seq++;
            _pending.Enqueue(new PendingEvent(type, seq, channel, campaignWeek, order, amount, items), (ms, seq));
        }

        /// <summary>
        /// Pending events stay small structs and become <see cref="CustomerEvent"/> objects only when emitted: in the
        /// global merge they wait while other customers run, and long-lived garbage would make the GC do the work.
        /// </summary>
        private CustomerEvent Materialize(PendingEvent pending, long ms)
        {
            var id = customer.CustomerId;
            return new CustomerEvent
            {
                Id = $"{id}-e{pending.Seq}",
                Type = pending.Type,
                CustomerId = id,
                Timestamp = customer.ToTimestamp(ms),
                Channel = pending.Channel,
                Campaign = pending.CampaignWeek == NoCampaign ? null : $"cmp-{pending.CampaignWeek}",
                OrderId = pending.Order == NoOrder ? null : $"{id}-o{pending.Order}",
                Amount = pending.Amount,
                Currency = pending.Amount is null ? null : customer._options.Currency,
                Items = pending.Items,
            };
        }

        private string DrawChannel() => SyntheticShopGenerator.Channels[rng.Categorical(Segment.ChannelWeights)];

        private string DrawCategory()
        {
            var categories = customer._options.Categories;
            return categories[rng.Categorical(Segment.CategoryWeights)];
        }

        private long Step(long ms) => ms + (15 + rng.NextInt(90)) * 1000L;

        /// <summary>Views of one session; returns the time of the last view.</summary>
        private long Views(long ms, string channel, long campaign)
        {
            Add(EventType.SessionStart, ms, channel, campaign);
            var pages = 1 + rng.Poisson(Math.Max(0, Traits.PageViewsPerSession - 1));
            var products = rng.Poisson(Traits.ProductViewsPerSession);
            for (var i = 0; i < pages + products; i++)
            {
                ms = Step(ms);
                Add(i < pages ? EventType.PageView : EventType.ProductView, ms, channel, campaign);
            }

            return ms;
        }

        public void BrowseSession(long ms, string? channel, long campaign)
        {
            channel ??= DrawChannel();
            ms = Views(ms, channel, campaign);
            if (!rng.Bernoulli(Traits.CartAbandonProbability))
            {
                return;
            }

            var item = new LineItem($"sku-{rng.NextInt(500)}", DrawCategory(), 1, Math.Round((decimal)(5 + 95 * rng.NextDouble()), 2));
            ms = Step(ms);
            Add(EventType.AddToCart, ms, channel, campaign, items: [item]);
            if (rng.Bernoulli(0.3))
            {
                Add(EventType.RemoveFromCart, Step(ms), channel, campaign, items: [item]);
            }
            else if (rng.Bernoulli(0.3))
            {
                Add(EventType.CheckoutStart, Step(ms), channel, campaign, items: [item]);
            }
        }

        public void PurchaseSession(PlannedPurchase purchase, int number)
        {
            var channel = DrawChannel();
            var lastView = Views(purchase.SessionMs, channel, NoCampaign);
            var count = Math.Min(4, 1 + rng.Poisson(0.6));
            var items = new LineItem[count];
            var remaining = purchase.Amount;
            for (var i = 0; i < count; i++)
            {
                var price = i == count - 1 ? remaining : Math.Max(0.01m, Math.Round(purchase.Amount / count, 2));
                remaining -= price;
                items[i] = new LineItem($"sku-{rng.NextInt(500)}", DrawCategory(), 1, price);
            }

            // The purchase time is fixed by the purchase process; the session's other events fit between its start and it.
            var span = Math.Max(count + 2, purchase.PurchaseMs - purchase.SessionMs);
            var viewsEnd = Math.Min(lastView, purchase.SessionMs + span / 2);
            for (var i = 0; i < count; i++)
            {
                Add(EventType.AddToCart, viewsEnd + (i + 1) * (purchase.PurchaseMs - viewsEnd) / (count + 2), channel, items: [items[i]]);
            }

            Add(EventType.CheckoutStart, purchase.PurchaseMs - 1, channel, items: items);
            Add(EventType.Purchase, purchase.PurchaseMs, channel, order: number, amount: purchase.Amount, items: items);

            if (rng.Bernoulli(Segment.RefundProbability))
            {
                var refundMs = purchase.PurchaseMs + (long)((1 + 19 * rng.NextDouble()) * MsPerDay);
                Add(EventType.Refund, refundMs, channel, order: number, amount: items[0].Price, items: [items[0]]);
            }

            if (rng.Bernoulli(Segment.SupportContactProbability))
            {
                Add(EventType.SupportContact, purchase.PurchaseMs + (long)((0.5 + 9.5 * rng.NextDouble()) * MsPerDay), "support");
            }
        }

        public void Email(long ms, double engagement)
        {
            var campaign = ms / (7 * MsPerDay);
            if (!rng.Bernoulli(Traits.EmailOpenRate * engagement))
            {
                return;
            }

            ms += (long)(rng.NextDouble() * MsPerDay / 2);
            Add(EventType.EmailOpen, ms, "email", campaign);
            if (!rng.Bernoulli(Traits.EmailClickRate))
            {
                return;
            }

            ms = Step(ms);
            Add(EventType.EmailClick, ms, "email", campaign);
            BrowseSession(Step(ms), "email", campaign);
        }
    }
}
