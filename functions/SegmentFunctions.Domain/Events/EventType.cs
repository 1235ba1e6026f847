namespace SegmentFunctions.Domain.Events;

/// <summary>Event types of contract v1. Wire names are snake_case (see <see cref="EventTypeNames"/>).</summary>
public enum EventType
{
    SessionStart,
    PageView,
    ProductView,
    AddToCart,
    RemoveFromCart,
    CheckoutStart,
    Purchase,
    Refund,
    EmailOpen,
    EmailClick,
    SupportContact,
}
