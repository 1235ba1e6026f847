using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Tests.Churn;
using SegmentFunctions.Domain.Training;
using static SegmentFunctions.Domain.Tests.Training.FeatureDocuments;

namespace SegmentFunctions.Domain.Tests.Readiness;

public sealed class DataReadinessCheckTests
{
    private static readonly DataReadinessOptions Options = new() { MinCustomers = 200, MinRepeatBuyers = 50, MinPerClass = 20 };

    [Fact]
    public void A_synthetic_shop_with_enough_history_is_ready()
    {
        var data = SyntheticChurnData.Create(customers: 500, seed: 3);

        var report = new DataReadinessCheck(Options).Evaluate(data.AtEnd, data.End, data.HorizonDays);

        Assert.True(report.IsReady, report.ToString());
        Assert.Equal(ChurnFallback.None, report.Fallback);
        Assert.Equal(5, report.Checks.Count);
    }

    [Fact]
    public void Too_few_customers_is_refused_with_a_clear_message_and_the_recency_fallback()
    {
        var docs = Enumerable.Range(0, 30).Select(i => Buyer($"c{i}", T.AddDays(-400), (Day(300), 10m), (Day(200), 10m))).ToList();

        var report = new DataReadinessCheck(Options).Evaluate(docs, T, horizonDays: 90);

        Assert.False(report.IsReady);
        var customers = Assert.Single(report.Failures, c => c.Name == "customers");
        Assert.Contains("30 customers", customers.Message);
        Assert.Contains("at least 200", customers.Message);
        Assert.Equal(ChurnFallback.RecencyRule, report.Fallback);
    }

    [Fact]
    public void A_history_too_short_for_one_cutoff_T_minus_H_is_ready_on_a_rolling_origin()
    {
        var data = SyntheticChurnData.Create(customers: 500, seed: 3);

        var report = new DataReadinessCheck(Options with { MinHistoryInHorizons = 10 }).Evaluate(data.AtEnd, data.End, data.HorizonDays);

        Assert.True(report.IsReady, report.ToString());
        var plan = Assert.IsType<ChurnTrainingPlan>(report.Plan);
        Assert.True(plan.IsRollingOrigin);
        Assert.Contains("rolling origin", Assert.Single(report.Checks, c => c.Name == "history").Message);
    }

    [Fact]
    public void A_synthetic_shop_with_enough_history_plans_one_cutoff_T_minus_H()
    {
        var data = SyntheticChurnData.Create(customers: 500, seed: 3);

        var report = new DataReadinessCheck(Options).Evaluate(data.AtEnd, data.End, data.HorizonDays);

        var plan = Assert.IsType<ChurnTrainingPlan>(report.Plan);
        Assert.False(plan.IsRollingOrigin);
        Assert.Equal(data.HorizonDays, plan.HorizonDays);
        Assert.Equal(data.End.AddDays(-data.HorizonDays), Assert.Single(plan.Cutoffs));
    }

    [Fact]
    public void Too_little_history_for_any_label_window_falls_back_to_bgnbd()
    {
        var docs = Enumerable.Range(0, 300).Select(i => Buyer($"c{i}", T.AddDays(-30), (Day(29), 10m), (Day(i % 20), 10m))).ToList();

        var report = new DataReadinessCheck(Options).Evaluate(docs, T, horizonDays: 90);

        Assert.Null(report.Plan);
        var history = Assert.Single(report.Failures, c => c.Name == "history");
        Assert.Contains("30 days of history; need at least 42", history.Message);
        Assert.Equal(ChurnFallback.BgNbdExpectedPurchases, report.Fallback);
    }

    [Fact]
    public void Documents_missing_times_count_against_the_missing_share()
    {
        var docs = Enumerable.Range(0, 10).Select(i => new CustomerFeatures { CustomerId = $"m{i}" })
            .Append(Buyer("ok", T.AddDays(-400), (Day(300), 10m)))
            .ToList();

        var report = new DataReadinessCheck(Options).Evaluate(docs, T, horizonDays: 90);

        var missing = Assert.Single(report.Failures, c => c.Name == "missing-values");
        Assert.Contains("90.9%", missing.Message);
    }

    [Fact]
    public void One_class_only_fails_the_class_check()
    {
        var docs = Enumerable.Range(0, 300).Select(i => Buyer($"c{i}", T.AddDays(-400), (Day(300), 10m), (Day(200), 10m))).ToList();

        var report = new DataReadinessCheck(Options).Evaluate(docs, T, horizonDays: 90);

        var classes = Assert.Single(report.Failures);
        Assert.Equal("both-classes", classes.Name);
        Assert.Contains("300 churners and 0 buyers", classes.Message);
    }
}
