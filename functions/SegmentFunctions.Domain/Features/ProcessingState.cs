namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Bookkeeping that makes at-least-once delivery take effect exactly once, bounded in size:
/// per-partition sequence watermarks catch replays of a partition, and a bounded set of recent dedupe keys catches
/// duplicates that arrive through another partition or batch.
/// </summary>
public sealed class ProcessingState
{
    private RecentKeySet recentKeys = new();

    /// <summary>Highest sequence number applied per source partition ("{eventHub}/{partitionId}").</summary>
    public Dictionary<string, long> Watermarks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Dedupe keys of recent events, bounded; which keys are kept does not depend on arrival order. JSON: one base64
    /// string (see <see cref="Serialization.RecentKeySetJsonConverter"/>); a null reads as an empty set.
    /// </summary>
    public RecentKeySet RecentKeys
    {
        get => recentKeys;
        set => recentKeys = value ?? new RecentKeySet();
    }
}
