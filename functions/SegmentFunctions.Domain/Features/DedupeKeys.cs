using System.IO.Hashing;
using System.Text;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The identity under which an event is applied once, in two key spaces that never meet: a purchase is its order, so
/// two purchase events of one order count once, whatever their timestamps; any other event is its event id, and a
/// repeat of it is recognised with its timestamp (deliveries of one event are identical), which keeps the check a
/// binary search. An event id that happens to read like an order ("order:o-1") is still an event id.
/// </summary>
public static class DedupeKeys
{
    /// <summary>The top bit of <see cref="Hash"/>: set for order keys, clear for event ids.</summary>
    public const ulong OrderFlag = 1UL << 63;

    private const int StackBytes = 1024;

    /// <summary>
    /// The key as 64 bits: XXH3-64 (seed 0; System.IO.Hashing's XxHash3) of the UTF-8 bytes of the order id (top bit
    /// set, <see cref="OrderFlag"/>) or of the event id (top bit clear).
    /// </summary>
    /// <remarks>
    /// Collision bound: a new key is mistaken for a kept one only if its 63 hash bits equal those of a kept key of the
    /// same kind (and, for an event id, also its timestamp to the tick). With k kept keys (the events of the customer
    /// within <see cref="FeatureFoldSettings.DedupeHorizon"/>, at most <see cref="FeatureFoldSettings.MaxRecentKeys"/>),
    /// a distinct event is wrongly dropped as a duplicate with probability at most k / 2^63 (about 2.2e-15 at
    /// k = 20,000), i.e. below one expected loss in 10^14 events.
    /// </remarks>
    public static ulong Hash(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Type == EventType.Purchase && e.OrderId is { } orderId ? Hash(orderId, order: true) : Hash(e.Id, order: false);
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
