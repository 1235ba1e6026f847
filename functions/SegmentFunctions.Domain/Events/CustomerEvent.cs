namespace SegmentFunctions.Domain.Events;

/// <summary>
/// A validated customer event of contract v1 (docs/event-contract-v1.schema.json). Only validated instances exist
/// in the domain: producers' raw JSON goes through the event parser first.
/// </summary>
public sealed record CustomerEvent
{
    /// <summary>Unique event id chosen by the producer; the de-duplication key.</summary>
    public required string Id { get; init; }
    public required EventType Type { get; init; }
    public required string CustomerId { get; init; }
    /// <summary>When the event happened, with its offset.</summary>
    public required DateTimeOffset Timestamp { get; init; }
    public string? OrderId { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<LineItem>? Items { get; init; }
    public string? Channel { get; init; }
    public string? Campaign { get; init; }
}
