namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Size bounds of a feature document. Every bound keeps a set chosen by a total order on its members (never by
/// arrival), so the fold stays independent of event order; what lies beyond a bound is described per property.
/// </summary>
public sealed record FeatureFoldSettings
{
    public static FeatureFoldSettings Default { get; } = new();

    /// <summary>
    /// De-duplication horizon in event time: the document keeps the dedupe keys of the events at most this much older
    /// than its newest kept key (see <see cref="RecentKeySet"/>). A repeat within it is recognised exactly, whatever the
    /// number of events; an event older than the horizon cannot be checked, so it is applied and counted as
    /// <see cref="FoldOutcome.AppliedUnchecked"/>. Same-partition replays are caught by the sequence watermarks
    /// regardless. The default, 7 days, is the Event Hubs retention.
    /// </summary>
    public TimeSpan DedupeHorizon { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Most dedupe keys kept, a guard on the document's size against a flood of events within the horizon (16 bytes
    /// each, about 21 bytes as base64: 20,000 keys are about 430 KB, a fifth of Cosmos DB's 2 MB item limit). Beyond it
    /// the oldest keys leave first, and the horizon shrinks for that customer.
    /// </summary>
    public int MaxRecentKeys { get; init; } = 20_000;

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
