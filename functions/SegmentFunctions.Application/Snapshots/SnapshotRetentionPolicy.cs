namespace SegmentFunctions.Application.Snapshots;

/// <summary>Which complete snapshots retention deletes: all but the newest <c>keepNewest</c> and those within <c>maxAge</c>.</summary>
public static class SnapshotRetentionPolicy
{
    /// <returns>The snapshots to delete, newest first.</returns>
    public static IReadOnlyList<SnapshotManifest> SelectForDeletion(
        IEnumerable<SnapshotManifest> snapshots, DateTimeOffset now, int keepNewest, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentOutOfRangeException.ThrowIfNegative(keepNewest);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);

        return [.. NewestFirst(snapshots).Skip(keepNewest).Where(s => now - s.AsOf > maxAge)];
    }

    /// <summary>By as-of time, then id, descending: the order of <see cref="SnapshotCatalog.ListAsync"/>.</summary>
    public static IEnumerable<SnapshotManifest> NewestFirst(IEnumerable<SnapshotManifest> snapshots) =>
        snapshots.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal);
}
