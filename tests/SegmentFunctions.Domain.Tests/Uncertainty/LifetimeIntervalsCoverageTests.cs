using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Domain.Tests.Uncertainty;

/// <summary>
/// Coverage of the per-customer 80% intervals. The intervals express the uncertainty of the fitted parameters, so
/// their coverage is a frequency over repeated data sets: many small shops are simulated from known parameters, each
/// is fitted and its intervals computed, and for some of each shop's customers the test checks whether the interval
/// holds the quantity evaluated at the true parameters for that customer's history (its parameter-driven value, not
/// the customer's future purchases, which no parameter interval is meant to cover).
/// </summary>
public sealed class LifetimeIntervalsCoverageTests
{
    private const int Shops = 400;
    private const int CustomersPerShop = 1_000;
    private const int ProbesPerShop = 4;

    private static readonly BgNbdModel TruePurchases = new(0.25, 4.0, 0.8, 2.5, 0, 0, LifetimeTimeUnit.Week);
    private static readonly GammaGammaModel TrueSpend = new(6.0, 4.0, 15.0, 0, 0);
    private static readonly CustomerLifetimeValueOptions Clv = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week);
    private static readonly double Horizon = Clv.Periods * Clv.PeriodLength;

    // The optimum to 1e-7 of the mean log-likelihood's gradient: Gamma-Gamma's likelihood is flat along p ~ q on a
    // few hundred repeat buyers, and tighter tolerances stop for want of progress, not of accuracy.
    private static readonly LifetimeFitOptions Fit = new() { GradientTolerance = 1e-7 };

    [Fact]
    public void Eighty_percent_intervals_hold_the_true_parameters_values_for_75_to_85_percent_of_customers_over_repeated_shops()
    {
        var random = new Random(20261207);
        var simulation = new LifetimeSimulation(TruePurchases, TrueSpend, 26, 78);
        var truth = new CustomerLifetimeValueCalculator(TruePurchases, TrueSpend);
        int alive = 0, aliveTrials = 0, expected = 0, value = 0, trials = 0;
        for (var shop = 0; shop < Shops; shop++)
        {
            var customers = simulation.Customers(CustomersPerShop, random);
            var summary = new RfmSummary(default, default, LifetimeTimeUnit.Week, customers);
            var purchases = new BgNbdTrainer(Fit).Fit(summary);
            var spend = new GammaGammaTrainer(Fit).Fit(summary);
            var draws = LaplaceApproximation.Draw(purchases, LifetimeData.FromCustomers(customers), spend, seed: shop);
            Assert.NotNull(draws);
            Assert.NotNull(draws.GammaGamma);
            var intervals = new LifetimeIntervals(purchases, draws, withSpend: true, Clv, Horizon);
            var fitted = new CustomerLifetimeValueCalculator(purchases, spend);
            foreach (var customer in customers.Take(ProbesPerShop))
            {
                var (x, tx, age) = (customer.Frequency, customer.Recency, customer.Age);
                var (aliveInterval, expectedInterval, valueInterval) = intervals.Evaluate(
                    x, tx, age, customer.MeanRepeatSpend, purchases.ExpectedPurchases(Horizon, customer), fitted.Calculate(customer, Clv),
                    spend.ConditionalExpectedAverageSpend(customer));
                trials++;
                if (x > 0)
                {
                    // Without a repeat purchase P(alive) is 1 under every parameter set: nothing to cover.
                    aliveTrials++;
                    alive += Holds(aliveInterval, TruePurchases.ProbabilityAlive(customer)) ? 1 : 0;
                }

                expected += Holds(expectedInterval, TruePurchases.ExpectedPurchases(Horizon, customer)) ? 1 : 0;
                value += valueInterval is { } v && Holds(v, truth.Calculate(customer, Clv)) ? 1 : 0;
            }
        }

        var coverage = (Alive: alive / (double)aliveTrials, Expected: expected / (double)trials, Value: value / (double)trials);
        var report = $"coverage over {Shops} shops: P(alive) {coverage.Alive:P1} of {aliveTrials} repeat buyers, expected purchases {coverage.Expected:P1} and CLV {coverage.Value:P1} of {trials} customers";
        Assert.True(coverage.Alive is >= 0.75 and <= 0.85, report);
        Assert.True(coverage.Expected is >= 0.75 and <= 0.85, report);
        Assert.True(coverage.Value is >= 0.75 and <= 0.85, report);
    }

    private static bool Holds(ScoreInterval interval, double value) => interval.Low <= value && value <= interval.High;
}
