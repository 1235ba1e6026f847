using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class BgNbdModelTests
{
    private static readonly BgNbdModel Model = new(0.2426, 4.4135, 0.7929, 2.4258, -9582.43, 2357, LifetimeTimeUnit.Week);

    [Fact]
    public void A_customer_without_repeat_purchases_is_alive_with_probability_one_whatever_T()
    {
        Assert.Equal(1.0, Model.ProbabilityAlive(0, 0, 1));
        Assert.Equal(1.0, Model.ProbabilityAlive(0, 0, 500));
    }

    [Fact]
    public void Probability_alive_falls_as_the_time_since_the_last_purchase_grows()
    {
        var previous = 1.0;
        foreach (var T in new[] { 10.0, 15, 20, 30, 40, 60 })
        {
            var alive = Model.ProbabilityAlive(3, 10, T);
            Assert.InRange(alive, 0.0, previous);
            previous = alive;
        }

        Assert.True(Model.ProbabilityAlive(3, 10, 10) > 0.5);
        Assert.True(previous < 0.1);
    }

    [Fact]
    public void Probability_alive_matches_the_closed_form_of_the_2005_note()
    {
        // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) with x = 2, t_x = 30.43, T = 38.86 (CDNOW customer 1).
        var expected = 1 / (1 + (0.7929 / (2.4258 + 1) * Math.Pow((4.4135 + 38.86) / (4.4135 + 30.43), 2.2426)));
        Assert.Equal(expected, Model.ProbabilityAlive(2, 30.43, 38.86), 12);
    }

    [Fact]
    public void Expected_purchases_grow_with_the_horizon()
    {
        var previousNew = 0.0;
        var previousKnown = 0.0;
        foreach (var t in new[] { 1.0, 5, 13, 39, 52, 104, 520 })
        {
            var forNew = Model.ExpectedPurchasesNewCustomer(t);
            var forKnown = Model.ExpectedPurchases(t, 4, 30, 38.86);
            Assert.True(forNew > previousNew);
            Assert.True(forKnown > previousKnown);
            previousNew = forNew;
            previousKnown = forKnown;
        }

        Assert.Equal(0.0, Model.ExpectedPurchases(0, 4, 30, 38.86));
    }

    [Fact]
    public void Conditional_expectation_matches_the_lifetimes_package_for_CDNOW_customer_509()
    {
        // lifetimes README, "Ranking customers from best to worst": customer 509 (x = 18, t_x = 35.14, T = 35.86)
        // expects 0.424877 purchases in the next week under the CDNOW fit.
        Assert.Equal(0.424877, Model.ExpectedPurchases(1, 18, 35.14, 35.86), 5);
    }

    [Fact]
    public void Heavy_buyers_get_finite_expectations_below_their_posterior_purchase_rate()
    {
        var days = new BgNbdModel(0.2426, 4.4135 * 7, 0.7929, 2.4258, 0, 1, LifetimeTimeUnit.Day);

        // At x = 2000 and t = 3650 the untransformed eq. 10 multiplies (1−z)^(r+x) ≈ 1e-733 by a 2F1 near 1e733.
        foreach (var x in new[] { 50, 500, 2000 })
        {
            foreach (var t in new[] { 365.0, 3650.0 })
            {
                var expected = days.ExpectedPurchases(t, x, 2700, 2720);
                Assert.True(double.IsFinite(expected) && expected > 0, $"x = {x}, t = {t}: {expected}");
                Assert.True(expected < (0.2426 + x) / ((4.4135 * 7) + 2720) * t, $"x = {x}, t = {t}: {expected}");
            }
        }
    }

    [Fact]
    public void Conditional_expectation_of_a_customer_just_acquired_equals_the_new_customer_expectation()
    {
        foreach (var t in new[] { 2.0, 39, 78 })
        {
            Assert.Equal(Model.ExpectedPurchasesNewCustomer(t), Model.ExpectedPurchases(t, 0, 0, 0), 10);
        }
    }

    [Fact]
    public void Expected_purchases_of_a_new_customer_equal_the_mean_of_the_count_distribution()
    {
        const double t = 39;
        var mean = Enumerable.Range(0, 4000).Sum(n => n * Model.ProbabilityOfPurchases(n, t));

        Assert.Equal(Model.ExpectedPurchasesNewCustomer(t), mean, 3);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    public void Purchase_count_probabilities_sum_to_one(double t)
    {
        var probabilities = Enumerable.Range(0, 4000).Select(n => Model.ProbabilityOfPurchases(n, t)).ToList();

        Assert.All(probabilities, p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(1.0, probabilities.Sum(), 6);
    }

    [Fact]
    public void Churn_score_grows_with_T_even_when_probability_alive_stays_one()
    {
        var recent = Model.ChurnScore(13, 0, 0, 2);
        var old = Model.ChurnScore(13, 0, 0, 38);

        Assert.Equal(1.0, Model.ProbabilityAlive(0, 0, 38));
        Assert.True(old > recent, $"{old} should exceed {recent}");
    }

    [Theory]
    [InlineData(0, 0.0, 10.0)]
    [InlineData(3, 10.0, 38.0)]
    [InlineData(12, 37.0, 38.0)]
    public void Churn_score_is_one_for_an_empty_window_bounded_by_expected_purchases_and_tends_to_one_minus_probability_alive(int x, double tx, double T)
    {
        foreach (var t in new[] { 1.0, 13, 52 })
        {
            var score = Model.ChurnScore(t, x, tx, T);
            Assert.InRange(score, Math.Max(0.0, 1 - Model.ExpectedPurchases(t, x, tx, T)), 1.0);
        }

        Assert.Equal(1.0, Model.ChurnScore(0, x, tx, T), 12);
        Assert.Equal(1 - Model.ProbabilityAlive(x, tx, T), Model.ChurnScore(1e30, x, tx, T), 3);
    }

    [Fact]
    public void Churn_score_of_a_new_customer_is_the_probability_of_no_purchase()
    {
        Assert.Equal(Model.ProbabilityOfPurchases(0, 26), Model.ChurnScore(26, 0, 0, 0), 12);
    }

    [Fact]
    public void Invalid_histories_and_horizons_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ProbabilityAlive(-1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ProbabilityAlive(2, 5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ExpectedPurchases(-1, 2, 1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ExpectedPurchasesNewCustomer(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdModel(0, 1, 1, 1, 0, 1, LifetimeTimeUnit.Day));
    }

    [Fact]
    public void A_shape_a_of_exactly_one_gives_the_limit_of_nearby_models()
    {
        var atOne = new BgNbdModel(0.5, 4, 1.0, 2, 0, 1, LifetimeTimeUnit.Week);
        var below = new BgNbdModel(0.5, 4, 1.0 - 1e-4, 2, 0, 1, LifetimeTimeUnit.Week);
        var above = new BgNbdModel(0.5, 4, 1.0 + 1e-4, 2, 0, 1, LifetimeTimeUnit.Week);

        var value = atOne.ExpectedPurchases(20, 2, 10, 30);

        Assert.InRange(value, Math.Min(below.ExpectedPurchases(20, 2, 10, 30), above.ExpectedPurchases(20, 2, 10, 30)) - 1e-6,
            Math.Max(below.ExpectedPurchases(20, 2, 10, 30), above.ExpectedPurchases(20, 2, 10, 30)) + 1e-6);
    }

    [Fact]
    public void Expectations_at_several_horizons_at_once_equal_the_single_ones_bit_for_bit()
    {
        double[] horizons = [4.345, 8.69, 13.035, 0, 12.857142857142858, 52.14, 104.28, 0.5];
        var customers = new (int X, double Tx, double T)[]
        {
            (0, 0, 0), (0, 0, 30), (1, 2, 2), (2, 30.43, 38.86), (6, 36, 38.86), (14, 5, 77), (120, 70, 71), (400, 50, 52),
        };
        foreach (var (x, tx, T) in customers)
        {
            var expected = new double[horizons.Length];
            var alive = Model.ExpectedPurchases(horizons, x, tx, T, expected);

            Assert.Equal(Model.ProbabilityAlive(x, tx, T), alive);
            for (var i = 0; i < horizons.Length; i++)
            {
                Assert.Equal(Model.ExpectedPurchases(horizons[i], x, tx, T), expected[i]);
            }
        }
    }

    [Fact]
    public void Expectations_at_several_horizons_refuse_what_a_single_one_refuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ExpectedPurchases([1.0, -1.0], 1, 2, 3, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.ExpectedPurchases([1.0], 1, 4, 3, new double[1]));
        Assert.Throws<ArgumentException>(() => Model.ExpectedPurchases([1.0, 2.0], 1, 2, 3, new double[1]));
    }
}
