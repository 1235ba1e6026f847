using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Tests.Registry;

public sealed class PromotionGateWithoutLabelsTests
{
    private readonly PromotionGate _gate = new(new PromotionGateOptions { MinSegments = 2, MinSegmentShare = 0.01, MinSegmentCustomers = 20 });

    [Fact]
    public void Sound_segments_are_accepted_without_an_auc()
    {
        var decision = _gate.DecideOnSegments([400, 350, 250]);

        Assert.True(decision.Promote);
        Assert.Contains("No churn labels yet", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("3 segments, smallest 250 customers (25.0%)", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 1000 }, "1 segment(s), fewer than the minimum 2")]
    [InlineData(new long[] { 990, 10 }, "segment 1 holds 10 of 1000 customers")]
    public void Degenerate_segments_are_rejected(long[] sizes, string expected)
    {
        var decision = _gate.DecideOnSegments(sizes);

        Assert.False(decision.Promote);
        Assert.Contains(expected, decision.Reason, StringComparison.Ordinal);
    }
}
