namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Size bounds of a feature document. Every bound keeps a set chosen by a total order on its members (never by
/// arrival), so the fold stays independent of event order; what lies beyond a bound is described per property.
/// </summary>
public sealed record FeatureFoldSettings
{
    public static FeatureFoldSettings Default { get; } = new();

    /// <summary>
    /// De-duplication horizon: the document keeps the dedupe keys of the events with the greatest (UTC timestamp, key
    /// hash) (see <see cref="RecentKeySet"/>).
    /// A repeated event is recognised exactly when it ranks among them; an older repeat (beyond the horizon) is applied
    /// again. Same-partition replays are caught by the sequence watermarks regardless of this bound.
    /// </summary>
    public int RecentKeyCapacity { get; init; } = 1000;

    /// <summary>The most recent purchase days kept; totals (orders, revenue) still count every purchase.</summary>
    public int MaxPurchaseDays { get; init; } = 1000;

    /// <summary>
    /// Categories kept. Counts are exact while a customer has bought from at most this many categories; beyond it the
    /// category with the fewest items is dropped to make room, and a dropped category restarts from zero if it returns.
    /// </summary>
    public int MaxCategories { get; init; } = 32;

    /// <summary>Channels kept, with the same rule as <see cref="MaxCategories"/>.</summary>
    public int MaxChannels { get; init; } = 16;
}
