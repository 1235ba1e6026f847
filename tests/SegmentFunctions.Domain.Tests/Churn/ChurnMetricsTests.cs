using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Domain.Tests.Churn;

public sealed class ChurnMetricsTests
{
    [Fact]
    public void Metrics_match_a_hand_computed_case_with_a_tie()
    {
        // Churners score 0.9 and 0.8, non-churners 0.8 and 0.3. Pairs: (0.9>0.8), (0.9>0.3), (0.8=0.8: 1/2), (0.8>0.3) -> 3.5/4.
        double[] p = [0.9, 0.8, 0.8, 0.3];
        bool[] y = [true, false, true, false];

        var m = ChurnMetrics.Compute(p, y);

        Assert.Equal(0.875, m.RocAuc, 12);
        // Thresholds 0.9: P = 1, R = 1/2; 0.8: P = 2/3, R = 1 -> AP = 1/2 * 1 + 1/2 * 2/3.
        Assert.Equal(0.5 + 1.0 / 3.0, m.PrAuc, 12);
        Assert.Equal((0.01 + 0.64 + 0.04 + 0.09) / 4, m.Brier, 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.8) + Math.Log(0.7)) / 4, m.LogLoss, 12);
        // Top decile = ceil(4/10) = 1 customer, a churner: rate 1 over base rate 1/2.
        Assert.Equal(2.0, m.TopDecileLift, 12);
        Assert.Equal(0.5, m.ChurnRate);
    }

    [Fact]
    public void A_constant_score_has_auc_one_half_and_lift_one()
    {
        var p = Enumerable.Repeat(0.4, 20).ToArray();
        var y = Enumerable.Range(0, 20).Select(i => i % 4 == 0).ToArray();

        var m = ChurnMetrics.Compute(p, y);

        Assert.Equal(0.5, m.RocAuc, 12);
        Assert.Equal(1.0, m.TopDecileLift, 12);
        Assert.Equal(0.25, m.PrAuc, 12);
    }

    [Fact]
    public void Perfect_and_reversed_rankings_have_auc_one_and_zero()
    {
        double[] p = [0.9, 0.7, 0.2, 0.1];
        bool[] y = [true, true, false, false];

        Assert.Equal(1.0, ChurnMetrics.Compute(p, y).RocAuc);
        Assert.Equal(1.0, ChurnMetrics.Compute(p, y).PrAuc);
        Assert.Equal(0.0, ChurnMetrics.Compute(p, [.. y.Select(v => !v)]).RocAuc);
    }

    [Fact]
    public void Lift_counts_expected_churners_when_the_decile_boundary_splits_a_tie()
    {
        // n = 10, top decile = 1 customer; the top score is shared by a churner and a non-churner -> 1/2 expected churner.
        double[] p = [0.8, 0.8, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        bool[] y = [true, false, true, true, false, false, false, false, false, false];

        Assert.Equal(0.5 / 0.3, ChurnMetrics.Compute(p, y).TopDecileLift, 12);
    }

    [Fact]
    public void Log_loss_stays_finite_for_confident_mistakes()
    {
        var m = ChurnMetrics.Compute([1.0, 0.0], [false, true]);

        Assert.True(double.IsFinite(m.LogLoss));
        // Both terms are ln of the clip bound; 1 - (1 - 1e-15) is not exactly 1e-15 in binary floating point.
        Assert.Equal(-(Math.Log(1e-15) + Math.Log(1 - (1 - 1e-15))) / 2, m.LogLoss, 9);
        Assert.Equal(1.0, m.Brier);
    }

    [Fact]
    public void Invalid_inputs_are_rejected_with_the_reason()
    {
        Assert.Contains("both churners and non-churners", Assert.Throws<ArgumentException>(() => ChurnMetrics.Compute([0.2, 0.3], [true, true])).Message);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => ChurnMetrics.Compute([0.2, double.NaN], [true, false])).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() => ChurnMetrics.Compute([0.2], [true, false])).Message);
    }

    [Theory]
    [InlineData(0.90, 0.80, QualityGrade.A)]
    [InlineData(0.84, 0.80, QualityGrade.B)]
    [InlineData(0.78, 0.70, QualityGrade.B)]
    [InlineData(0.805, 0.80, QualityGrade.C)]
    [InlineData(0.60, 0.70, QualityGrade.C)]
    public void Grade_compares_the_model_with_the_baseline(double modelAuc, double baselineAuc, QualityGrade expected)
    {
        static ChurnMetrics WithAuc(double auc) => new(100, 0.5, auc, 0.5, 0.2, 0.6, 1.2);

        Assert.Equal(expected, ChurnQuality.Of(WithAuc(modelAuc), WithAuc(baselineAuc)).Grade);
    }
}
