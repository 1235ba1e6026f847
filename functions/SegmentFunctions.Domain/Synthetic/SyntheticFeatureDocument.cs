using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// One customer's feature document built from aggregated events (a count of events of one type at one time) instead
/// of folding each event: the fields are the fold's (<see cref="CustomerFeaturesFolder"/>) for events of those times,
/// types and channels, without ingestion bookkeeping, which a snapshot leaves out anyway.
/// </summary>
internal sealed class SyntheticFeatureDocument(string customerId, DateTimeOffset start, string currency)
{
    private readonly long[] _counts = new long[EventTypeNames.All.Count];
    private readonly Dictionary<string, long> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
    private readonly List<PurchaseDay> _purchaseDays = [];
    private readonly DecayedActivity _decay = new();
    private long _firstMs = long.MaxValue;
    private long _lastMs = long.MinValue;
    private long? _firstPurchaseMs;
    private long _lastPurchaseMs;
    private int _orders;
    private decimal _revenue;
    private int _refunds;
    private decimal _refundAmount;
    private long _items;

    /// <summary><paramref name="count"/> events of one type and channel at <paramref name="ms"/> after the shop's start.</summary>
    public void Add(EventType type, long ms, long count, string? channel)
    {
        if (count <= 0)
        {
            return;
        }

        _counts[(int)type] += count;
        Seen(ms, count, spend: 0);
        if (channel is not null)
        {
            _channels[channel] = _channels.GetValueOrDefault(channel) + count;
        }
    }

    /// <summary>A purchase (one order) of <paramref name="categories"/>, one item each; purchases come in time order.</summary>
    public void Purchase(long ms, decimal amount, string channel, ReadOnlySpan<string> categories)
    {
        _counts[(int)EventType.Purchase]++;
        _channels[channel] = _channels.GetValueOrDefault(channel) + 1;
        Seen(ms, 1, (double)amount);
        _orders++;
        _revenue += amount;
        _items += categories.Length;
        foreach (var category in categories)
        {
            _categories[category] = _categories.GetValueOrDefault(category) + 1;
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
        Add(EventType.Refund, ms, 1, channel);
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
        Decay = _decay,
    };

    private void Seen(long ms, long count, double spend)
    {
        _firstMs = Math.Min(_firstMs, ms);
        _lastMs = Math.Max(_lastMs, ms);
        _decay.Add(At(ms), count, spend);
    }

    private DateTimeOffset At(long ms) => new(start.UtcTicks + ms * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
