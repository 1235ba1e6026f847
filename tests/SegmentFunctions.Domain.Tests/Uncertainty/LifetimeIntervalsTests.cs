using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Domain.Tests.Uncertainty;

public sealed class LifetimeIntervalsTests
{
    private static readonly CustomerLifetimeValueOptions Clv = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week);
    private static readonly double Horizon = Clv.Periods * Clv.PeriodLength;

    [Fact]
    public void Tabulated_intervals_match_the_quantities_evaluated_directly_under_every_parameter_set()
    {
        var truth = new BgNbdModel(0.25, 4.0, 0.8, 2.5, 0, 0, LifetimeTimeUnit.Week);
        var customers = new LifetimeSimulation(truth, new GammaGammaModel(6.0, 4.0, 15.0, 0, 0), 26, 78).Customers(1_000, new Random(3));
        var summary = new RfmSummary(default, default, LifetimeTimeUnit.Week, customers);
        var fit = new LifetimeFitOptions { GradientTolerance = 1e-7 };
        var purchases = new BgNbdTrainer(fit).Fit(summary);
        var spend = new GammaGammaTrainer(fit).Fit(summary);
        var draws = LaplaceApproximation.Draw(purchases, LifetimeData.FromCustomers(customers), spend, seed: 5)!;
        var intervals = new LifetimeIntervals(purchases, draws, withSpend: true, Clv, Horizon);
        var calculator = new CustomerLifetimeValueCalculator(purchases, spend);

        foreach (var customer in customers.Where(c => c.Frequency > 0).Take(30).Concat(customers.Where(c => c.Frequency == 0).Take(5)))
        {
            var (alive, expected, value) = intervals.Evaluate(
                customer.Frequency, customer.Recency, customer.Age, customer.MeanRepeatSpend, purchases.ExpectedPurchases(Horizon, customer),
                calculator.Calculate(customer, Clv), spend.ConditionalExpectedAverageSpend(customer));

            var direct = Direct(draws, customer);
            AssertClose(direct.Alive, alive, 1e-9);
            AssertClose(direct.Expected, expected, 5e-3);
            AssertClose(direct.Value, value!.Value, 5e-3);
        }
    }

    [Fact]
    public void A_flat_likelihood_gives_no_draws()
    {
        // Without repeat purchases the likelihood does not depend on the dropout parameters a and b at all.
        var customers = Enumerable.Range(1, 50).Select(i => new CustomerRfm($"c{i}", 0, 0, i, 0, 0, 0)).ToList();
        var model = new BgNbdModel(0.5, 3.0, 0.7, 2.0, 0, 2, LifetimeTimeUnit.Week);

        Assert.Null(LaplaceApproximation.Draw(model, LifetimeData.FromCustomers(customers), null, seed: 1));
    }

    /// <summary>Each quantity computed with the lifetime models of every parameter set, sorted, at the interval's ranks.</summary>
    private static (ScoreInterval Alive, ScoreInterval Expected, ScoreInterval Value) Direct(LifetimeParameterDraws draws, CustomerRfm customer)
    {
        var alive = new double[draws.Count];
        var expected = new double[draws.Count];
        var value = new double[draws.Count];
        for (var m = 0; m < draws.Count; m++)
        {
            var bg = new BgNbdModel(draws.BgNbd[4 * m], draws.BgNbd[(4 * m) + 1], draws.BgNbd[(4 * m) + 2], draws.BgNbd[(4 * m) + 3], 0, 0, LifetimeTimeUnit.Week);
            var gg = new GammaGammaModel(draws.GammaGamma![3 * m], draws.GammaGamma[(3 * m) + 1], draws.GammaGamma[(3 * m) + 2], 0, 0);
            alive[m] = bg.ProbabilityAlive(customer);
            expected[m] = bg.ExpectedPurchases(Horizon, customer);
            value[m] = gg.HasFiniteMeanSpend ? new CustomerLifetimeValueCalculator(bg, gg).Calculate(customer, Clv) : double.PositiveInfinity;
        }

        return (Ranks(draws, alive), Ranks(draws, expected), Ranks(draws, value));
    }

    private static ScoreInterval Ranks(LifetimeParameterDraws draws, double[] values)
    {
        Array.Sort(values);
        return new ScoreInterval(values[draws.LowerRank - 1], values[draws.UpperRank - 1]);
    }

    private static void AssertClose(ScoreInterval expected, ScoreInterval actual, double relative)
    {
        Assert.True(Math.Abs(actual.Low - expected.Low) <= relative * Math.Abs(expected.Low) + 1e-12, $"low {actual.Low} vs {expected.Low}");
        Assert.True(Math.Abs(actual.High - expected.High) <= relative * Math.Abs(expected.High) + 1e-12, $"high {actual.High} vs {expected.High}");
    }
}
