using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Report.Charts;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Cli.Tests.Report;

public sealed class ChartReadingTests
{
    [Fact]
    public void Alive_reading_evaluates_the_given_probability_function()
    {
        var surface = new AliveSurface((x, tx, T) => tx / T, 80, 20, LifetimeTimeUnit.Week);

        var reading = AliveHeatmapChart.Reading(surface);

        Assert.Equal(
            "A customer first seen 80 weeks ago with 5 repeat purchases is still active with probability 50% "
            + "if the last purchase came 40 weeks after the first, and 90% if it came after 72 weeks.",
            reading);
    }

    [Fact]
    public void Alive_reading_of_a_bg_nbd_model_rises_with_a_later_last_purchase()
    {
        var model = new BgNbdModel(0.24, 4.41, 0.79, 2.43, -9582, 2357, LifetimeTimeUnit.Day);
        var surface = AliveSurface.FromModel(model, 546, 12);

        var reading = AliveHeatmapChart.Reading(surface);

        var early = ReportFormat.Percent(model.ProbabilityAlive(3, 273, 546));
        var late = ReportFormat.Percent(model.ProbabilityAlive(3, 491, 546));
        Assert.Contains($"probability {early} if the last purchase came 273 days", reading, StringComparison.Ordinal);
        Assert.Contains($"and {late} if it came after 491 days", reading, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_reading_names_the_most_extreme_standardized_mean()
    {
        var segments = SyntheticReport.Create().Segments;
        var champions = segments.Profiles.Segments[0];
        var lostWithExtremeRecency = segments.Profiles.Segments[3] with { StandardizedMeans = [4.2, -0.7, -0.6, -0.1] };
        var changed = segments with
        {
            Profiles = segments.Profiles with { Segments = [champions, .. segments.Profiles.Segments.Skip(1).Take(2), lostWithExtremeRecency] },
        };

        Assert.StartsWith("Champions stand out most: their mean spend per repeat purchase is", SegmentProfileChart.Reading(segments), StringComparison.Ordinal);
        Assert.Equal(
            "Lost stand out most: their mean days since last purchase is 4.2 standard deviations above the average customer's.",
            SegmentProfileChart.Reading(changed));
    }

    [Fact]
    public void Lifetime_value_reading_reports_medians_and_the_value_share()
    {
        var segments = SyntheticReport.Create().Segments;
        var values = new LifetimeValues(
            [new(0, 100), new(0, 300), new(0, 200), new(1, 50), new(1, 70), new(2, 10), new(3, 1), new(3, 3)],
            "EUR",
            "6 months");

        Assert.Equal(
            "Champions have the highest median CLV (200 EUR) and hold 82% of all predicted value; Lost the lowest (2 EUR).",
            LifetimeValueChart.Reading(segments, values));
    }

    [Theory]
    [InlineData("recencyDays", "recency days")]
    [InlineData("meanInterPurchaseDays", "mean inter purchase days")]
    [InlineData("decayedActivity30", "decayed activity 30")]
    [InlineData("monetary", "monetary")]
    public void Column_names_read_as_words(string column, string words) =>
        Assert.Equal(words, ReportFormat.Words(column));

    [Theory]
    [InlineData("recencyDays", "days since last purchase")]
    [InlineData("decayedSpend7", "recent spend (7-day half-life)")]
    [InlineData("decayedActivity90", "recent activity (90-day half-life)")]
    [InlineData("bgnbdTx", "time of last repeat purchase (t_x)")]
    [InlineData("lifetimeProbabilityAlive", "probability still active (BG/NBD)")]
    [InlineData("averageOrderValue", "average order value")]
    [InlineData("decayedSpendX", "decayed spend x")]
    public void Feature_columns_read_as_what_they_measure(string column, string label) =>
        Assert.Equal(label, FeatureLabels.For(column));

    [Fact]
    public void Driver_reading_names_the_two_largest_shares()
    {
        var drivers = SyntheticReport.Create().Drivers;

        Assert.Equal(
            "Days since last purchase drives the churn model most (46% of the split gain), then repeat purchase days (22%).",
            ChurnDriverChart.Reading(drivers));
        Assert.Equal(
            "Spend per repeat purchase drives the churn model most (70% of the split gain).",
            ChurnDriverChart.Reading([new Domain.Models.Churn.FeatureImportance("monetary", 0.7)]));
    }

    [Fact]
    public void Percentages_stay_readable_at_both_ends()
    {
        Assert.Equal("41%", ReportFormat.Percent(0.412));
        Assert.Equal("7.3%", ReportFormat.Percent(0.0731));
        Assert.Equal("<0.1%", ReportFormat.Percent(0.0002));
        Assert.Equal("0%", ReportFormat.Percent(0));
        Assert.Equal("n/a", ReportFormat.Percent(double.NaN));
    }
}
