using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class CustomerLifetimeValueCalculatorTests
{
    private static readonly CustomerLifetimeValueCalculator Calculator = new(CdnowData.BgNbd, CdnowData.GammaGamma);
    private static readonly CustomerRfm Loyal = new("loyal", 6, 36, 38.86, 35, 20, 0);
    private static readonly CustomerRfm OneTimer = new("once", 0, 0, 38.86, 0, 20, 0);

    [Fact]
    public void Value_is_the_discounted_sum_of_expected_purchases_per_period_times_expected_spend()
    {
        var options = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week, months: 3, monthlyDiscountRate: 0.02);
        var spend = CdnowData.GammaGamma.ConditionalExpectedAverageSpend(Loyal);
        var expected = 0.0;
        for (var i = 1; i <= 3; i++)
        {
            var increment = CdnowData.BgNbd.ExpectedPurchases(i * 4.345, Loyal) - CdnowData.BgNbd.ExpectedPurchases((i - 1) * 4.345, Loyal);
            expected += increment * spend / Math.Pow(1.02, i);
        }

        Assert.Equal(expected, Calculator.Calculate(Loyal, options), 10);
    }

    [Theory]
    [InlineData(12, 0.01)]
    [InlineData(3, 0.02)]
    [InlineData(150, 0.005)]
    public void Value_equals_the_period_by_period_computation_bit_for_bit(int months, double rate)
    {
        var options = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week, months, rate);
        foreach (var customer in new[] { Loyal, OneTimer, new CustomerRfm("heavy", 120, 70, 71, 12.5, 10, 0), new CustomerRfm("new", 0, 0, 0, 0, 5, 0) })
        {
            var spend = CdnowData.GammaGamma.ConditionalExpectedAverageSpend(customer);
            var reference = 0.0;
            var previous = 0.0;
            for (var i = 1; i <= months; i++)
            {
                var cumulative = CdnowData.BgNbd.ExpectedPurchases(i * options.PeriodLength, customer);
                reference += (cumulative - previous) * spend / Math.Pow(1.0 + rate, i);
                previous = cumulative;
            }

            Assert.Equal(reference, Calculator.Calculate(customer, options));
        }
    }

    [Fact]
    public void Value_grows_with_the_horizon()
    {
        var previous = 0.0;
        foreach (var months in new[] { 1, 3, 6, 12, 24, 60 })
        {
            var value = Calculator.Calculate(Loyal, CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week, months));
            Assert.True(value > previous, $"{months} months: {value} should exceed {previous}");
            previous = value;
        }
    }

    [Fact]
    public void Value_falls_as_the_discount_rate_rises()
    {
        var previous = double.PositiveInfinity;
        foreach (var rate in new[] { 0.0, 0.01, 0.05, 0.2 })
        {
            var value = Calculator.Calculate(Loyal, CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week, 12, rate));
            Assert.True(value < previous, $"rate {rate}: {value} should be below {previous}");
            previous = value;
        }
    }

    [Fact]
    public void An_active_repeat_buyer_is_worth_more_than_an_old_one_time_buyer()
    {
        var options = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week);

        Assert.True(Calculator.Calculate(Loyal, options) > 5 * Calculator.Calculate(OneTimer, options));
        Assert.True(Calculator.Calculate(OneTimer, options) > 0);
    }

    [Fact]
    public void Whole_summary_values_follow_the_customer_order_and_a_unit_mismatch_is_refused()
    {
        var options = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week);

        var values = Calculator.Calculate(CdnowData.Summary, options);

        Assert.Equal(CdnowData.Summary.Customers.Count, values.Length);
        Assert.Equal(Calculator.Calculate(CdnowData.Summary.Customers[17], options), values[17]);
        Assert.Throws<ArgumentException>(() => Calculator.Calculate(CdnowData.Summary with { TimeUnit = LifetimeTimeUnit.Day }, options));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculator.Calculate(Loyal, options with { Periods = 0 }));
    }
}
