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

    public static string For(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Type == EventType.Purchase && e.OrderId is not null ? OrderPrefix + e.OrderId : e.Id;
    }
}
