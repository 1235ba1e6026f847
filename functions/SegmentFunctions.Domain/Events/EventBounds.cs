namespace SegmentFunctions.Domain.Events;

/// <summary>
/// Documented bounds of event numbers (docs/event-contract.md). Within them no sum a feature document keeps can
/// overflow (a decimal holds 7.9e28; 2^31 orders of the largest amount are 2.1e18) and every amount fits the
/// snapshot's Parquet decimal; beyond them an event is rejected as <see cref="EventRejectionCodes.OutOfRange"/>
/// before any arithmetic.
/// </summary>
public static class EventBounds
{
    /// <summary>Largest <c>amount</c> and item <c>price</c>: one billion in the event's currency.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Largest item <c>quantity</c>: one million.</summary>
    public const int MaxQuantity = 1_000_000;
}
