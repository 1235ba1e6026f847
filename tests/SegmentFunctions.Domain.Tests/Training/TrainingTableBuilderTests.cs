using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;
using static SegmentFunctions.Domain.Tests.Training.FeatureDocuments;

namespace SegmentFunctions.Domain.Tests.Training;

public sealed class TrainingTableBuilderTests
{
    private static readonly TrainingTableOptions KeepAll = new() { DropConstantColumns = false, TimeUnit = LifetimeTimeUnit.Day };

    [Fact]
    public void Buyer_row_has_the_rfm_and_bgnbd_statistics_of_its_purchase_days()
    {
        // Purchase days 100, 60 and 10 days before T: x = 2, t_x = 90 days, T = 100 days, monetary = mean of repeat days.
        var doc = Buyer("a", T.AddDays(-120), (Day(100), 30m), (Day(60), 50m), (Day(10), 70m));

        var table = new TrainingTableBuilder(KeepAll).Build([doc], T);

        Assert.Equal(10, Value(table, FeatureNames.RecencyDays));
        Assert.Equal(1, Value(table, FeatureNames.HasPurchased));
        Assert.Equal(2, Value(table, FeatureNames.Frequency));
        Assert.Equal(60, Value(table, FeatureNames.Monetary));
        Assert.Equal(90, Value(table, FeatureNames.BgNbdTx));
        Assert.Equal(100, Value(table, FeatureNames.BgNbdT));
        Assert.Equal(120, Value(table, FeatureNames.TenureDays));
        Assert.Equal(45, Value(table, FeatureNames.MeanInterPurchaseDays));
        Assert.Equal(150, Value(table, FeatureNames.Revenue));
        Assert.Equal(4, Value(table, FeatureNames.ViewsPerSession));
        Assert.Equal(0.75, Value(table, FeatureNames.CartToPurchase));
        Assert.Equal(0.2, Value(table, FeatureNames.EmailClickRate));
        Assert.Equal(0, table.Report.ImputedCounts[FeatureNames.Monetary]);
    }

    [Fact]
    public void Weeks_divide_the_bgnbd_times_by_seven()
    {
        var doc = Buyer("a", T.AddDays(-120), (Day(98), 30m), (Day(14), 50m));

        var table = new TrainingTableBuilder(KeepAll with { TimeUnit = LifetimeTimeUnit.Week }).Build([doc], T);

        Assert.Equal(12, Value(table, FeatureNames.BgNbdTx));
        Assert.Equal(14, Value(table, FeatureNames.BgNbdT));
        Assert.Equal(LifetimeTimeUnit.Week, table.TimeUnit);
    }

    [Fact]
    public void Purchase_days_after_T_are_ignored()
    {
        var doc = Buyer("a", T.AddDays(-120), (Day(100), 30m), (Day(-5), 99m));
        Span<double> row = stackalloc double[TrainingRowFeaturizer.Width];
        Span<bool> imputed = stackalloc bool[TrainingRowFeaturizer.Width];

        TrainingRowFeaturizer.Featurize(doc, T, LifetimeTimeUnit.Day, row, imputed);

        Assert.Equal(100, row[FeatureNames.All.ToList().IndexOf(FeatureNames.RecencyDays)]);
        Assert.Equal(0, row[FeatureNames.All.ToList().IndexOf(FeatureNames.Frequency)]);
    }

    [Fact]
    public void Non_buyers_and_single_day_buyers_get_the_documented_imputation()
    {
        var browser = Buyer("browser", T.AddDays(-40));
        var once = Buyer("once", T.AddDays(-50), (Day(30), 25m));

        var table = new TrainingTableBuilder(KeepAll).Build([browser, once], T);

        Assert.Equal(40, table[0, table.ColumnIndex(FeatureNames.RecencyDays)]);
        Assert.Equal(0, table[0, table.ColumnIndex(FeatureNames.HasPurchased)]);
        Assert.Equal(0, table[0, table.ColumnIndex(FeatureNames.Monetary)]);
        Assert.Equal(40, table[0, table.ColumnIndex(FeatureNames.BgNbdT)]);
        Assert.Equal(25, table[1, table.ColumnIndex(FeatureNames.Monetary)]);
        Assert.Equal(30, table[1, table.ColumnIndex(FeatureNames.MeanInterPurchaseDays)]);
        Assert.Equal(2, table.Report.ImputedCounts[FeatureNames.Monetary]);
        Assert.Equal(1, table.Report.ImputedCounts[FeatureNames.RecencyDays]);
        Assert.Equal(0, table.Report.ImputedCounts[FeatureNames.ViewsPerSession]);
    }

    [Fact]
    public void Constant_columns_are_dropped_with_a_warning()
    {
        var docs = new[]
        {
            Buyer("a", T.AddDays(-120), (Day(100), 30m), (Day(10), 70m)),
            Buyer("b", T.AddDays(-90), (Day(50), 20m)),
        };

        var table = new TrainingTableBuilder().Build(docs, T);

        Assert.Contains(FeatureNames.SupportContacts, table.Report.DroppedConstantColumns);
        Assert.Contains(FeatureNames.HasPurchased, table.Report.DroppedConstantColumns);
        Assert.False(table.HasColumn(FeatureNames.SupportContacts));
        Assert.True(table.HasColumn(FeatureNames.RecencyDays));
        Assert.Contains(table.Report.Warnings, w => w.Contains($"'{FeatureNames.SupportContacts}' is constant", StringComparison.Ordinal));
        Assert.Equal(FeatureNames.All.Count - table.Report.DroppedConstantColumns.Count, table.ColumnCount);
    }

    [Fact]
    public void Customers_not_yet_seen_at_T_have_no_row()
    {
        var docs = new[] { Buyer("old", T.AddDays(-10)), Buyer("new", T.AddDays(1)), new CustomerFeatures { CustomerId = "empty" } };

        var table = new TrainingTableBuilder(KeepAll).Build(docs, T);

        Assert.Equal(["old"], table.CustomerIds);
        Assert.Equal(2, table.Report.NotYetSeen);
        Assert.Equal(3, table.Report.DocumentsRead);
    }

    [Fact]
    public void Documents_with_events_after_T_are_refused()
    {
        var doc = Buyer("late", T.AddDays(-30), (Day(-3), 10m));

        var error = Assert.Throws<FeaturesNewerThanAsOfException>(() => new TrainingTableBuilder().Build([doc], T));

        Assert.Contains("late", error.Message);
        Assert.Contains("snapshot", error.Message);
    }

    [Fact]
    public void Decayed_sums_are_carried_forward_to_T()
    {
        var doc = Buyer("a", T.AddDays(-100), (Day(40), 10m));
        doc.Decay = new DecayedActivity { AsOf = T.AddDays(-30), Activity = [8, 8, 8], Spend = [4, 4, 4] };

        var table = new TrainingTableBuilder(KeepAll).Build([doc], T);

        // 30 days after AsOf: half-life 30 halves, 90 gives 2^(-1/3), 7 gives 2^(-30/7).
        Assert.Equal(4, Value(table, FeatureNames.DecayedActivity30), 12);
        Assert.Equal(8 * Math.Pow(2, -30.0 / 7), Value(table, FeatureNames.DecayedActivity(7)), 12);
        Assert.Equal(4 * Math.Pow(2, -1.0 / 3), Value(table, FeatureNames.DecayedSpend(90)), 12);
    }

    [Fact]
    public void No_value_in_a_synthetic_table_is_nan_or_infinite()
    {
        var table = SegmentFunctions.Domain.Tests.Churn.SyntheticChurnData.Create(customers: 500, seed: 3).Dataset().Features;

        Assert.True(table.RowCount > 300);
        foreach (var v in table.Values)
        {
            Assert.True(double.IsFinite(v));
        }
    }

    [Fact]
    public void A_table_refuses_non_finite_values()
    {
        var report = new TrainingTableReport(1, 0, new Dictionary<string, int>(), [], []);

        var error = Assert.Throws<NonFiniteFeatureException>(() =>
            new TrainingTable(T, LifetimeTimeUnit.Day, ["a"], ["x", "y"], [1.0, double.PositiveInfinity], report));

        Assert.Equal("y", error.Column);
        Assert.Equal("a", error.CustomerId);
    }

    private static double Value(TrainingTable table, string column) => table[0, table.ColumnIndex(column)];
}
