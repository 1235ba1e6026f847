using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Training;

public sealed class ChurnTrainingPlannerTests
{
    private static readonly DateTimeOffset T = new(1997, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Enough_history_before_T_minus_H_gives_one_cutoff_with_the_full_horizon()
    {
        var plan = ChurnTrainingPlanner.Plan(T.AddDays(-400), T, 90, minHistoryInHorizons: 2);

        Assert.NotNull(plan);
        Assert.False(plan.IsRollingOrigin);
        Assert.Equal(90, plan.HorizonDays);
        Assert.Equal(T.AddDays(-90), Assert.Single(plan.Cutoffs));
    }

    [Fact]
    public void The_CDNOW_calibration_period_gives_a_rolling_origin_of_91_day_windows()
    {
        // Calibration 1997-01-01..1997-09-30 (273 days) with the 273-day holdout as H: T - H is the first day.
        var plan = ChurnTrainingPlanner.Plan(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), T, 273, minHistoryInHorizons: 2);

        Assert.NotNull(plan);
        Assert.True(plan.IsRollingOrigin);
        Assert.Equal(91, plan.HorizonDays);
        Assert.Equal(
            [new DateOnly(1997, 7, 2), new DateOnly(1997, 6, 2), new DateOnly(1997, 5, 3), new DateOnly(1997, 4, 3)],
            plan.Cutoffs.Select(c => DateOnly.FromDateTime(c.UtcDateTime)));
    }

    [Fact]
    public void Every_rolling_cutoff_is_at_midnight_has_h_days_of_history_before_it_and_its_window_ends_by_T()
    {
        var asOf = T.AddHours(15);
        var earliest = asOf.AddDays(-200);

        var plan = ChurnTrainingPlanner.Plan(earliest, asOf, 120, minHistoryInHorizons: 2);

        Assert.NotNull(plan);
        Assert.Equal(66, plan.HorizonDays);
        Assert.InRange(plan.Cutoffs.Count, 2, ChurnTrainingPlanner.MaxCutoffs);
        Assert.All(plan.Cutoffs, c =>
        {
            Assert.Equal(TimeSpan.Zero, c.TimeOfDay);
            Assert.True((c - earliest).TotalDays >= plan.HorizonDays);
            Assert.True(c.AddDays(plan.HorizonDays) <= asOf);
        });
    }

    [Fact]
    public void A_history_too_short_for_two_week_windows_gives_no_plan() =>
        Assert.Null(ChurnTrainingPlanner.Plan(T.AddDays(-40), T, 90, minHistoryInHorizons: 2));

    [Theory]
    [InlineData(0, true)]
    [InlineData(17, true)]
    [InlineData(9, false)]
    public void The_plan_of_any_earliest_time_starts_at_one_of_the_latest_cutoffs(int hour, bool cutoffDocuments)
    {
        var asOf = T.AddHours(hour).AddMinutes(20);
        var windows = ChurnTrainingPlanner.LatestCutoffs(asOf, 90, cutoffDocuments);

        var plans = 0;
        for (var minutes = 0; minutes < 800 * 24 * 60; minutes += 97)
        {
            if (ChurnTrainingPlanner.Plan(asOf.AddMinutes(-minutes), asOf, 90, minHistoryInHorizons: 2, cutoffDocuments) is { } plan)
            {
                plans++;
                Assert.Contains((plan.Cutoffs[0], plan.HorizonDays), windows);
            }
        }

        Assert.InRange(plans, 10_000, int.MaxValue);
        Assert.Equal(cutoffDocuments, windows.Contains((asOf.AddDays(-90), 90)));
    }
}
