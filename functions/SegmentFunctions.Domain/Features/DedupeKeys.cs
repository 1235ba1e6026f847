using System.IO.Hashing;
using System.Text;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The identity under which an event is applied once: a purchase is its order ("order:" + orderId), so two purchase
/// events of one order count once, whatever their timestamps; any other event is its event id, and a repeat of it is
/// recognised with its timestamp (deliveries of one event are identical), which keeps the check a binary search.
/// </summary>
public static class DedupeKeys
{
    public const string OrderPrefix = "order:";

    /// <summary>The top bit of <see cref="Hash"/>: set for order keys, clear for event ids.</summary>
    public const ulong OrderFlag = 1UL << 63;

    private const int StackBytes = 1024;

    public static string For(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Type == EventType.Purchase && e.OrderId is not null ? OrderPrefix + e.OrderId : e.Id;
    }

    /// <summary>
    /// The key of <see cref="For"/> as 64 bits: XXH3-64 (seed 0; System.IO.Hashing's XxHash3) of the UTF-8 bytes of the
    /// order id or event id, top bit replaced by <see cref="OrderFlag"/> for an order key. An event id that itself
    /// starts with <see cref="OrderPrefix"/> is an order key too, as <see cref="For"/> makes it.
    /// </summary>
    /// <remarks>
    /// Collision bound: a new key is mistaken for a kept one only if its 63 hash bits equal those of a kept key of the
    /// same kind (and, for an event id, also its timestamp to the tick). With at most k kept keys
    /// (<see cref="FeatureFoldSettings.RecentKeyCapacity"/>, 1,000), a distinct event is wrongly dropped as a duplicate
    /// with probability at most k / 2^63 (about 1.1e-16 at k = 1,000), i.e. below one expected loss in 10^15 events.
    /// </remarks>
    public static ulong Hash(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Type == EventType.Purchase && e.OrderId is { } orderId)
        {
            return Hash(orderId, order: true);
        }

        return e.Id.StartsWith(OrderPrefix, StringComparison.Ordinal)
            ? Hash(e.Id.AsSpan(OrderPrefix.Length), order: true)
            : Hash(e.Id, order: false);
    }

    private static ulong Hash(ReadOnlySpan<char> key, bool order)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> utf8 = max <= StackBytes ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        var hash = XxHash3.HashToUInt64(utf8[..length]);
        return order ? hash | OrderFlag : hash & ~OrderFlag;
    }
}
