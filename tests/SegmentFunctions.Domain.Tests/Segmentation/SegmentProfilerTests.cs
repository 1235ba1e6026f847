using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class SegmentProfilerTests
{
    [Fact]
    public void Profiles_match_hand_computed_sizes_shares_means_medians_and_levels()
    {
        var data = new FeatureMatrix([10, 1, 20, 1, 30, 2, 100, 5, 200, 6], 5, 2, [FeatureNames.Monetary, FeatureNames.Frequency]);

        var profiles = SegmentProfiler.Profile(data, [0, 0, 0, 1, 1], 2);

        var (small, large) = (profiles.Segments[0], profiles.Segments[1]);
        Assert.Equal(3, small.Size);
        Assert.Equal(0.6, small.CustomerShare, 1e-12);
        Assert.Equal(60.0 / 360, small.RevenueShare, 1e-12);
        Assert.Equal([20, 4.0 / 3], small.Means, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([20.0, 1.0], small.Medians);
        Assert.Equal([150.0, 5.5], large.Medians);
        Assert.Equal(0.8, large.Levels[0], 1e-12);
        var std = Math.Sqrt((62.0 * 62 + 52 * 52 + 42 * 42 + 28 * 28 + 128 * 128) / 5);
        Assert.Equal((150 - 72) / std, large.StandardizedMeans[0], 1e-12);
        Assert.Equal([72, 3], profiles.PopulationMeans);
        Assert.Equal([30.0, 2.0], profiles.PopulationMedians);
    }

    [Fact]
    public void A_missing_revenue_column_or_out_of_range_segment_is_a_clear_error()
    {
        var data = new FeatureMatrix([1, 2], 2, 1, ["x"]);

        Assert.Contains("'monetary'", Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(data, [0, 0], 1)).Message);
        Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(data, [0, 3], 2, "x"));
    }

    [Fact]
    public void Empty_segments_have_zero_size_and_nan_statistics()
    {
        var data = new FeatureMatrix([1, 2], 2, 1, [FeatureNames.Monetary]);

        var empty = SegmentProfiler.Profile(data, [0, 0], 2).Segments[1];

        Assert.Equal(0, empty.Size);
        Assert.True(double.IsNaN(empty.Means[0]));
    }
}
