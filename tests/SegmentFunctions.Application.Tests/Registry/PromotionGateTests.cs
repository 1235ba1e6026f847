using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Tests.Registry;

public sealed class PromotionGateTests
{
    private static readonly long[] Balanced = [400, 350, 250];
    private readonly PromotionGate _gate = new(new PromotionGateOptions
    {
        AucTolerance = 0.01,
        MinimumAuc = 0.6,
        MinSegments = 2,
        MinSegmentShare = 0.01,
        MinSegmentCustomers = 20,
    });

    [Fact]
    public void A_better_challenger_is_promoted()
    {
        var decision = _gate.Decide(new ModelEvaluation(0.78, Balanced), new ModelEvaluation(0.80, Balanced));

        Assert.True(decision.Promote);
        Assert.Contains("AUC 0.8 vs champion 0.78 (+0.02)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_challenger_slightly_worse_within_tolerance_is_promoted()
    {
        var decision = _gate.Decide(new ModelEvaluation(0.80, Balanced), new ModelEvaluation(0.7950, Balanced));

        Assert.True(decision.Promote);
        Assert.Contains("within tolerance 0.01", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_challenger_worse_beyond_tolerance_is_rejected()
    {
        var decision = _gate.Decide(new ModelEvaluation(0.80, Balanced), new ModelEvaluation(0.785, Balanced));

        Assert.False(decision.Promote);
        Assert.Contains("0.015 below the champion's 0.8", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 995, 5 }, "segment 1 holds 5 of 1000 customers")]
    [InlineData(new long[] { 100_000, 50_000, 900 }, "segment 2 holds 900 of 150900 customers")]
    [InlineData(new long[] { 1000 }, "1 segment(s), fewer than the minimum 2")]
    [InlineData(new long[] { 600, 400, 0 }, "segment 2 holds 0 of 1000")]
    public void A_degenerate_segmentation_is_rejected_even_when_its_auc_is_better(long[] sizes, string expected)
    {
        var decision = _gate.Decide(new ModelEvaluation(0.70, Balanced), new ModelEvaluation(0.90, sizes));

        Assert.False(decision.Promote);
        Assert.Contains(expected, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cold_start_promotes_a_sound_challenger()
    {
        var decision = _gate.Decide(champion: null, new ModelEvaluation(0.74, Balanced));

        Assert.True(decision.Promote);
        Assert.Equal("Cold start: challenger AUC 0.74 with 3 segments, smallest 250 customers (25.0%).", decision.Reason);
    }

    [Theory]
    [InlineData(0.55)]
    [InlineData(double.NaN)]
    [InlineData(1.2)]
    public void Cold_start_rejects_an_unsound_challenger(double auc)
    {
        var decision = _gate.Decide(champion: null, new ModelEvaluation(auc, Balanced));

        Assert.False(decision.Promote);
        Assert.StartsWith("Challenger rejected: AUC", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cold_start_rejects_a_degenerate_segmentation()
    {
        Assert.False(_gate.Decide(champion: null, new ModelEvaluation(0.8, [1000])).Promote);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PromotionGate(new PromotionGateOptions { AucTolerance = -0.1 }));
        Assert.Throws<ArgumentException>(() => new PromotionGate(new PromotionGateOptions { MinSegmentShare = 1.5 }));
    }
}
