using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class RfmSummaryBuilderTests
{
    [Fact]
    public void Summary_of_the_raw_CDNOW_transactions_equals_the_published_summary_for_every_customer()
    {
        var built = CdnowData.Summary.Customers.ToDictionary(c => c.CustomerId);
        var published = CdnowData.ReadCsv("cdnow_customers_summary.csv");

        Assert.Equal(2357, published.Count);
        Assert.Equal(published.Count, built.Count);
        foreach (var row in published)
        {
            var customer = built[row["ID"]];
            Assert.Equal(int.Parse(row["frequency"]), customer.Frequency);
            Assert.Equal(CdnowData.Number(row["recency"]), customer.Recency, 0.01);
            Assert.Equal(CdnowData.Number(row["T"]), customer.Age, 0.01);
        }
    }

    [Fact]
    public void Mean_repeat_spend_equals_zbar_of_the_published_summary()
    {
        var built = CdnowData.Summary.Customers.ToDictionary(c => c.CustomerId);
        var published = CdnowData.ReadCsv("cdnow_customers_summary_with_transactions.csv");

        Assert.Equal(2357, published.Count);
        foreach (var row in published)
        {
            var customer = built[row["ID"]];
            Assert.Equal(int.Parse(row["x"]), customer.Frequency);
            Assert.Equal(CdnowData.Number(row["zbar"]), customer.MeanRepeatSpend, 0.01);
        }
    }

    [Fact]
    public void Calibration_end_day_is_inclusive_and_T_is_measured_to_that_day()
    {
        var transactions = new[]
        {
            Purchase("a", "1997-01-01", 10m),
            Purchase("a", "1997-09-30", 20m),
            Purchase("b", "1997-09-30", 5m),
        };

        var summary = RfmSummaryBuilder.Build(
            transactions, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week);

        var a = summary.Customers.Single(c => c.CustomerId == "a");
        Assert.Equal(1, a.Frequency);
        Assert.Equal(272 / 7.0, a.Age, 12);
        Assert.Equal(272 / 7.0, a.Recency, 12);
        var b = summary.Customers.Single(c => c.CustomerId == "b");
        Assert.Equal(0, b.Frequency);
        Assert.Equal(0.0, b.Age);
    }

    [Fact]
    public void Same_day_purchases_are_one_purchase_day_with_their_total()
    {
        var transactions = new[]
        {
            Purchase("a", "1997-01-01", 10m),
            Purchase("a", "1997-01-01", 5m),
            Purchase("a", "1997-01-08", 7m),
            Purchase("a", "1997-01-08", 3m),
            Purchase("a", "1997-01-15", 30m),
        };

        var customer = RfmSummaryBuilder.Build(transactions, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Day)
            .Customers.Single();

        Assert.Equal(2, customer.Frequency);
        Assert.Equal(14.0, customer.Recency);
        Assert.Equal(15.0, customer.FirstPurchaseValue);
        Assert.Equal(20.0, customer.MeanRepeatSpend);
    }

    [Fact]
    public void Holdout_counts_purchase_days_after_calibration_up_to_the_holdout_end_and_late_first_buyers_are_left_out()
    {
        var transactions = new[]
        {
            Purchase("a", "1997-03-01", 10m),
            Purchase("a", "1997-10-01", 10m),
            Purchase("a", "1997-10-01", 4m),
            Purchase("a", "1998-06-30", 10m),
            Purchase("a", "1998-07-01", 10m),
            Purchase("late", "1997-10-02", 10m),
        };

        var summary = RfmSummaryBuilder.Build(transactions, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week);

        var a = Assert.Single(summary.Customers);
        Assert.Equal("a", a.CustomerId);
        Assert.Equal(0, a.Frequency);
        Assert.Equal(2, a.HoldoutPurchases);
        Assert.Equal(273 / 7.0, summary.HoldoutLength, 12);
    }

    [Fact]
    public void A_feature_document_s_purchase_days_give_the_same_summary_as_its_transactions()
    {
        var days = new[]
        {
            new PurchaseDay(new DateOnly(1997, 2, 1), 12m, 1),
            new PurchaseDay(new DateOnly(1997, 1, 5), 8m, 2),
            new PurchaseDay(new DateOnly(1997, 6, 1), 30m, 1),
            new PurchaseDay(new DateOnly(1997, 12, 1), 9m, 1),
        };
        var transactions = days.Select(d => Purchase("c", d.Date.ToString("yyyy-MM-dd"), d.Amount));

        var fromDays = RfmSummaryBuilder.Summarise("c", days, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week);
        var fromTransactions = RfmSummaryBuilder.Build(transactions, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week);

        Assert.Equal(Assert.Single(fromTransactions.Customers), fromDays);
        Assert.Equal(new CustomerRfm("c", 2, 147 / 7.0, 268 / 7.0, 21.0, 8.0, 1), fromDays);
        Assert.Null(RfmSummaryBuilder.Summarise("late", [days[3]], CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week));
    }

    [Fact]
    public async Task Async_build_gives_the_same_summary_as_the_synchronous_one()
    {
        using var reader = File.OpenText(SegmentFunctions.Testing.RepositoryPaths.Cdnow("CDNOW_sample.txt"));

        var summary = await RfmSummaryBuilder.BuildAsync(
            new CdnowTransactionReader().ReadAsync(reader, CancellationToken.None),
            CdnowData.CalibrationEnd,
            CdnowData.HoldoutEnd,
            LifetimeTimeUnit.Week,
            CancellationToken.None);

        Assert.Equal(CdnowData.Summary.Customers, summary.Customers);
    }

    [Fact]
    public void No_transactions_give_an_empty_summary_and_a_holdout_end_before_calibration_end_is_refused()
    {
        Assert.Empty(RfmSummaryBuilder.Build([], CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Day).Customers);
        Assert.Throws<ArgumentException>(
            () => new RfmSummaryBuilder(CdnowData.HoldoutEnd, CdnowData.CalibrationEnd, LifetimeTimeUnit.Day));
    }

    private static Transaction Purchase(string customerId, string day, decimal amount) =>
        new(customerId, new DateTimeOffset(DateOnly.Parse(day).ToDateTime(TimeOnly.MinValue).AddHours(13), TimeSpan.Zero), amount);
}
