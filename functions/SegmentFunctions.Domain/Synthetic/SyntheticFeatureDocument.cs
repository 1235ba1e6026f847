using System.Runtime.InteropServices;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// One customer's feature document built from aggregated events (counts of events of one type, and how many events
/// happened when and on which channel) instead of folding each event: the fields are the fold's
/// (<see cref="CustomerFeaturesFolder"/>) for such events, without ingestion bookkeeping, which a snapshot leaves out.
/// Decayed sums are kept relative to a reference time at or after every event (the as-of time), one exponential per
/// half-life and event time, and carried to the last event when built.
/// </summary>
internal sealed class SyntheticFeatureDocument(string customerId, DateTimeOffset start, long referenceMs, string currency)
{
    private static readonly double[] HalfLivesMs = [.. DecayedActivity.DefaultHalfLivesDays.Select(d => d * (double)TimeSpan.MillisecondsPerDay)];

    private readonly long[] _counts = new long[EventTypeNames.All.Count];
    private readonly Dictionary<string, long> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
    private readonly List<PurchaseDay> _purchaseDays = [];
    private readonly double[] _activity = new double[HalfLivesMs.Length];
    private readonly double[] _spend = new double[HalfLivesMs.Length];
    private long _firstMs = long.MaxValue;
    private long _lastMs = long.MinValue;
    private long? _firstPurchaseMs;
    private long _lastPurchaseMs;
    private int _orders;
    private decimal _revenue;
    private int _refunds;
    private decimal _refundAmount;
    private long _items;

    /// <summary><paramref name="count"/> events of one type; <see cref="Happened"/> takes their times and channel.</summary>
    public void Count(EventType type, long count) => _counts[(int)type] += count;

    /// <summary>
    /// <paramref name="events"/> events (of any type) on <paramref name="channel"/> at <paramref name="ms"/> after the
    /// shop's start, before the reference time, with <paramref name="spend"/> purchased.
    /// </summary>
    public void Happened(long ms, long events, string channel, double spend = 0)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_channels, channel, out _) += events;
        _firstMs = Math.Min(_firstMs, ms);
        _lastMs = Math.Max(_lastMs, ms);
        for (var k = 0; k < HalfLivesMs.Length; k++)
        {
            var factor = double.Exp2((ms - referenceMs) / HalfLivesMs[k]);
            _activity[k] += events * factor;
            _spend[k] += spend * factor;
        }
    }

    /// <summary>A purchase (one order) of one item per category in <paramref name="categories"/>, in time order.</summary>
    public void Purchase(long ms, decimal amount, string channel, ReadOnlySpan<string> categories)
    {
        Count(EventType.Purchase, 1);
        Happened(ms, 1, channel, (double)amount);
        _orders++;
        _revenue += amount;
        _items += categories.Length;
        foreach (var category in categories)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_categories, category, out _)++;
        }

        _firstPurchaseMs ??= ms;
        _lastPurchaseMs = ms;
        var day = DateOnly.FromDateTime(At(ms).UtcDateTime);
        if (_purchaseDays.Count > 0 && _purchaseDays[^1].Date == day)
        {
            var last = _purchaseDays[^1];
            _purchaseDays[^1] = last with { Amount = last.Amount + amount, Orders = last.Orders + 1 };
        }
        else
        {
            _purchaseDays.Add(new PurchaseDay(day, amount, 1));
        }
    }

    public void Refund(long ms, decimal amount, string channel)
    {
        Count(EventType.Refund, 1);
        Happened(ms, 1, channel);
        _refunds++;
        _refundAmount += amount;
    }

    public CustomerFeatures Build() => new()
    {
        CustomerId = customerId,
        EventCounts = EventTypeNames.All.Select((name, i) => (name, count: _counts[i])).Where(c => c.count > 0)
            .ToDictionary(c => c.name, c => c.count, StringComparer.Ordinal),
        Orders = _orders,
        Revenue = _revenue,
        Refunds = _refunds,
        RefundAmount = _refundAmount,
        ItemsPurchased = _items,
        Currency = _orders > 0 ? currency : null,
        FirstSeenAt = _firstMs == long.MaxValue ? null : At(_firstMs),
        LastSeenAt = _lastMs == long.MinValue ? null : At(_lastMs),
        FirstPurchaseAt = _firstPurchaseMs is { } first ? At(first) : null,
        LastPurchaseAt = _firstPurchaseMs is null ? null : At(_lastPurchaseMs),
        PurchaseDays = _purchaseDays,
        InterPurchaseGaps = _purchaseDays.Count > 1 ? GapStatisticsCalculator.Compute(_purchaseDays) : null,
        Categories = _categories,
        Channels = _channels,
        Decay = Decay(),
    };

    /// <summary>The sums carried from the reference time back to the last event, where the fold keeps them.</summary>
    private DecayedActivity Decay()
    {
        if (_lastMs == long.MinValue)
        {
            return new DecayedActivity();
        }

        var decay = new DecayedActivity { AsOf = At(_lastMs) };
        for (var k = 0; k < HalfLivesMs.Length; k++)
        {
            var factor = double.Exp2((referenceMs - _lastMs) / HalfLivesMs[k]);
            decay.Activity[k] = _activity[k] * factor;
            decay.Spend[k] = _spend[k] * factor;
        }

        return decay;
    }

    private DateTimeOffset At(long ms) => new(start.UtcTicks + ms * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
