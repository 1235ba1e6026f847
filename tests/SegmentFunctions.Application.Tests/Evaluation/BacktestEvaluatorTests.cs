using System.Globalization;
using System.Text;
using SegmentFunctions.Application.Evaluation;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Evaluation;

public sealed class BacktestEvaluatorTests
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    private static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    [Fact]
    public async Task Cdnow_backtest_reproduces_the_published_bgnbd_and_gamma_gamma_fits()
    {
        await using var file = File.OpenRead(RepositoryPaths.Cdnow("CDNOW_sample.txt"));
        var result = await new BacktestEvaluator().EvaluateAsync(
            file, new BacktestRequest(new TransactionFileOptions(TransactionFormat.Cdnow), CalibrationEnd, HoldoutEnd, LifetimeTimeUnit.Week), CancellationToken.None);

        AssertRelative(0.2426, result.BgNbd.R);
        AssertRelative(4.4135, result.BgNbd.Alpha);
        AssertRelative(0.7929, result.BgNbd.A);
        AssertRelative(2.4258, result.BgNbd.B);
        AssertRelative(-9582.43, result.BgNbd.LogLikelihood);
        Assert.NotNull(result.GammaGamma);
        AssertRelative(6.2488, result.GammaGamma.P);
        AssertRelative(3.7446, result.GammaGamma.Q);
        AssertRelative(15.4477, result.GammaGamma.Gamma);

        Assert.Equal(2357, result.Churn.Customers);
        Assert.Equal(result.Holdout.ActualPurchases, result.Holdout.Customers.Sum(c => c.ActualPurchases));
        Assert.Contains(BacktestModels.BgNbd, result.Churn.Models.Keys);
        Assert.Contains(BacktestModels.Recency, result.Churn.Models.Keys);
        Assert.Equal(result.Churn.Models.MaxBy(m => m.Value.RocAuc).Key, result.Churn.Best);
        // Nobody is known a full holdout length before the calibration end: the classifier is trained on a rolling
        // origin of earlier cut-offs with BG/NBD's view as features, and on the holdout ranks at least as well as BG/NBD.
        Assert.Null(result.Churn.ClassifierNotTrainedReason);
        Assert.Contains("rolling origin: 4 cut-offs", result.Churn.ClassifierPlan);
        Assert.Contains("next 91 days", result.Churn.ClassifierPlan);
        var classifier = result.Churn.Models[BacktestModels.Classifier].RocAuc;
        var bgNbd = result.Churn.Models[BacktestModels.BgNbd].RocAuc;
        Assert.True(classifier >= bgNbd, $"classifier {classifier:F4} vs BG/NBD {bgNbd:F4}");
        // On the validation customers drawn by id the two rank within 0.001 of each other and BG/NBD stays ahead, so it serves.
        Assert.Equal(ChurnServingRule.BgNbd, result.Churn.Serving);
        Assert.Contains("validation ROC AUC 0.7375 is below BG/NBD expected purchases' 0.7382", result.Churn.ServingReason);
        Assert.Equal(result.Churn.Customers, result.Segmentation.Sizes.Values.Sum());
        Assert.Equal(result.Segmentation.EffectiveK, result.Segmentation.Sizes.Count);
    }

    [Fact]
    public async Task A_bad_line_is_reported_with_its_number()
    {
        var csv = "customerId,timestamp,amount\nc1,1997-01-01,10\nc2,not-a-date,5\n";
        var error = await Assert.ThrowsAsync<TransactionFileException>(() => EvaluateCsvAsync(csv));
        Assert.Equal("line 3", error.Where);
    }

    [Fact]
    public async Task One_customer_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<BacktestException>(() => EvaluateCsvAsync(Csv(("c1", 0, 10m), ("c1", 20, 12m))));
        Assert.Contains("1 customer(s)", error.Message);
    }

    [Fact]
    public async Task Only_one_time_buyers_are_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<BacktestException>(() => EvaluateCsvAsync(Csv(("c1", 0, 10m), ("c2", 5, 12m), ("c3", 9, 8m))));
        Assert.Contains("bought on one day only", error.Message);
    }

    [Fact]
    public async Task Fewer_customers_than_segments_are_refused_with_a_clear_message()
    {
        var rows = Enumerable.Range(0, 6).SelectMany(i => new[] { ($"c{i}", i, 10m), ($"c{i}", 40 + i, 12m), ($"c{i}", 300 + i, 9m) }).ToArray();
        var error = await Assert.ThrowsAsync<BacktestException>(() => EvaluateCsvAsync(Csv(rows)));
        Assert.Contains("6 customer(s)", error.Message);
        Assert.Contains("at least 10", error.Message);
    }

    [Fact]
    public async Task A_holdout_ending_before_the_calibration_is_refused()
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(Csv(("c1", 0, 10m))));
        var error = await Assert.ThrowsAsync<BacktestException>(() => new BacktestEvaluator().EvaluateAsync(
            file, new BacktestRequest(new TransactionFileOptions(TransactionFormat.Csv), CalibrationEnd, CalibrationEnd, LifetimeTimeUnit.Week), CancellationToken.None));
        Assert.Contains("must come after", error.Message);
    }

    private static async Task<BacktestResult> EvaluateCsvAsync(string csv)
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await new BacktestEvaluator().EvaluateAsync(
            file, new BacktestRequest(new TransactionFileOptions(TransactionFormat.Csv), CalibrationEnd, HoldoutEnd, LifetimeTimeUnit.Week), CancellationToken.None);
    }

    private static string Csv(params (string Customer, int Day, decimal Amount)[] rows)
    {
        var text = new StringBuilder("customerId,timestamp,amount\n");
        var start = new DateOnly(1997, 1, 1);
        foreach (var (customer, day, amount) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{customer},{start.AddDays(day):yyyy-MM-dd},{amount}\n");
        }

        return text.ToString();
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-3 * Math.Abs(expected), $"expected {expected} within 1e-3 relative, got {actual}");
}
