using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class HoldoutEvaluatorTests
{
    // On CDNOW the 39-week holdout has 1,882 purchase days and BG/NBD's conditional expectations add up to about
    // 12 % fewer; the bound guards against gross errors (wrong holdout length, a broken eq. 10), not that bias.
    [Fact]
    public void CDNOW_holdout_prediction_is_close_to_the_actual_purchases()
    {
        var comparison = HoldoutEvaluator.Compare(CdnowData.BgNbd, CdnowData.Summary);

        Assert.Equal(39.0, comparison.HoldoutLength, 12);
        Assert.Equal(CdnowData.Summary.Customers.Sum(c => c.HoldoutPurchases), comparison.ActualPurchases);
        Assert.Equal(comparison.Customers.Sum(c => c.PredictedPurchases), comparison.PredictedPurchases, 6);
        CdnowData.AssertRelative(comparison.ActualPurchases, comparison.PredictedPurchases, 0.15, "holdout purchases");
    }

    [Fact]
    public void Per_frequency_means_rise_with_calibration_frequency_like_the_actuals()
    {
        var byFrequency = HoldoutEvaluator.Compare(CdnowData.BgNbd, CdnowData.Summary).ByFrequency;

        Assert.Equal(0, byFrequency[0].Frequency);
        Assert.Equal(CdnowData.Summary.Customers.Count, byFrequency.Sum(g => g.Customers));
        Assert.True(byFrequency[0].MeanPredicted < byFrequency[3].MeanPredicted);
        Assert.True(byFrequency[0].MeanActual < byFrequency[3].MeanActual);
    }

    [Fact]
    public void An_empty_summary_gives_zero_totals()
    {
        var comparison = HoldoutEvaluator.Compare(
            CdnowData.BgNbd, CdnowData.Summary with { Customers = [] });

        Assert.Equal(0, comparison.ActualPurchases);
        Assert.Equal(0.0, comparison.PredictedPurchases);
        Assert.Empty(comparison.ByFrequency);
    }
}
