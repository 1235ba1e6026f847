namespace SegmentFunctions.Domain.Features;

/// <summary>What <see cref="RecentKeySet.TryAdd"/> did with a key.</summary>
public enum RecentKeyAddition
{
    /// <summary>The key is new and is now kept.</summary>
    Added,

    /// <summary>The key was kept already: the event was applied before.</summary>
    Present,

    /// <summary>
    /// The key lies beyond the horizon (older than the kept window, or below a full set): it cannot be checked and is
    /// not kept.
    /// </summary>
    BeyondHorizon,
}
