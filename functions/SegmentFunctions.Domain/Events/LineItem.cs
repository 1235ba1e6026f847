namespace SegmentFunctions.Domain.Events;

/// <summary>One line of an order or cart event.</summary>
public sealed record LineItem(string Sku, string? Category, int Quantity, decimal Price);
