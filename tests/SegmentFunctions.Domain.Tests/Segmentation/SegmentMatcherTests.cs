using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class SegmentMatcherTests
{
    private static readonly SegmentIdentity[] Previous =
    [
        new(3, "Champions", [0.0, 0.0]),
        new(7, "Hibernating", [10.0, 0.0]),
        new(9, "Loyal customers", [0.0, 10.0]),
    ];

    [Fact]
    public void Permuted_and_shifted_centroids_keep_their_ids_and_names_and_an_extra_segment_gets_a_fresh_id()
    {
        double[] centroids = [0.3, 9.8, 20, 20, 9.9, 0.2, 0.1, -0.2];

        var match = SegmentMatcher.MatchByCentroids(Previous, centroids, 4);

        Assert.Equal([9, 10, 7, 3], match.Ids);
        Assert.Equal(["Loyal customers", null, "Hibernating", "Champions"], match.CarriedNames);
        Assert.True(match.IsNew(1));
        Assert.Null(match.ChangedShare);
    }

    [Fact]
    public void A_match_beyond_the_maximum_distance_becomes_a_new_segment()
    {
        var match = SegmentMatcher.MatchByCentroids(Previous, [0.1, 0.1, 30, 30], 2, maxDistance: 5);

        Assert.Equal(3, match.Ids[0]);
        Assert.Equal(10, match.Ids[1]);
    }

    [Fact]
    public void Overlap_matching_reports_the_changed_share_and_the_flow_matrix()
    {
        int[] before = [3, 3, 3, 7, 7, 9, 9, 9];
        int[] after = [1, 1, 0, 0, 0, 2, 2, 1];

        var match = SegmentMatcher.MatchByOverlap(Previous, before, after, 3);

        Assert.Equal([7, 3, 9], match.Ids);
        Assert.Equal(2.0 / 8, match.ChangedShare!.Value, 1e-12);
        var flows = match.Flows!;
        Assert.Equal([3, 7, 9], flows.FromIds);
        Assert.Equal([3, 7, 9], flows.ToIds);
        Assert.Equal([2, 1, 0], flows.Counts[0]);
        Assert.Equal([0, 2, 0], flows.Counts[1]);
        Assert.Equal([1, 0, 2], flows.Counts[2]);
    }

    [Fact]
    public void Mismatched_assignments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SegmentMatcher.MatchByOverlap(Previous, [3, 7], [0], 1));
        Assert.Throws<ArgumentException>(() => SegmentMatcher.MatchByOverlap(Previous, [3, 5], [0, 0], 1));
    }
}
