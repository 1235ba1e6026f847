namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Purchases of one customer on one UTC calendar day. Same-day purchases count as one purchase day, as in
/// Fader, Hardie &amp; Lee (2005); the day list yields the BG/NBD statistics x, t_x and T.
/// </summary>
public sealed record PurchaseDay(DateOnly Date, decimal Amount, int Orders);
