using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Tests.Snapshots;

public sealed class SnapshotRetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_newest_n_even_when_old_and_every_snapshot_within_the_max_age()
    {
        var snapshots = Ages(1, 5, 20, 200, 300, 400);

        var doomed = SnapshotRetentionPolicy.SelectForDeletion(snapshots, Now, keepNewest: 2, maxAge: TimeSpan.FromDays(30));
        var allOld = SnapshotRetentionPolicy.SelectForDeletion(Ages(200, 300, 400), Now, keepNewest: 2, maxAge: TimeSpan.FromDays(30));

        Assert.Equal(["d200", "d300", "d400"], doomed.Select(s => s.SnapshotId));
        Assert.Equal(["d400"], allOld.Select(s => s.SnapshotId));
    }

    [Fact]
    public void Keeping_zero_newest_deletes_everything_older_than_the_max_age()
    {
        var doomed = SnapshotRetentionPolicy.SelectForDeletion(Ages(1, 31, 40), Now, keepNewest: 0, maxAge: TimeSpan.FromDays(30));

        Assert.Equal(["d31", "d40"], doomed.Select(s => s.SnapshotId));
    }

    [Fact]
    public void New_snapshot_ids_are_valid_and_sort_by_time()
    {
        var earlier = SnapshotLayout.NewSnapshotId(Now);
        var later = SnapshotLayout.NewSnapshotId(Now.AddSeconds(1));

        SnapshotLayout.ValidateId(earlier);
        Assert.StartsWith("s20261122-000000-", earlier, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Throws<ArgumentException>(() => SnapshotLayout.ValidateId("../x"));
    }

    private static List<SnapshotManifest> Ages(params int[] days) =>
    [
        .. days.Reverse().Select(d => new SnapshotManifest($"d{d}", Now.AddDays(-d), 10, 0, 1, new string('0', 64), 100, "sqlite", Now.AddDays(-d))),
    ];
}
