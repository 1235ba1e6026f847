using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class BgNbdTrainerTests
{
    [Fact]
    public void Fit_on_the_raw_CDNOW_transactions_reproduces_the_published_estimates()
    {
        var model = CdnowData.BgNbd;

        CdnowData.AssertRelative(0.2426, model.R, 1e-3, "r");
        CdnowData.AssertRelative(4.4135, model.Alpha, 1e-3, "alpha");
        CdnowData.AssertRelative(0.7929, model.A, 1e-3, "a");
        CdnowData.AssertRelative(2.4258, model.B, 1e-3, "b");
        CdnowData.AssertRelative(-9582.43, model.LogLikelihood, 1e-3, "log-likelihood");
        Assert.Equal(2357, model.Customers);
        Assert.Equal(LifetimeTimeUnit.Week, model.TimeUnit);
    }

    [Fact]
    public void Fit_on_the_published_summary_file_reaches_the_published_log_likelihood()
    {
        var customers = CdnowData.ReadCsv("cdnow_customers_summary.csv")
            .Select(r => new CustomerRfm(
                r["ID"], int.Parse(r["frequency"]), CdnowData.Number(r["recency"]), CdnowData.Number(r["T"]), 0, 0, 0))
            .ToList();

        var model = new BgNbdTrainer().Fit(new RfmSummary(CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week, customers));

        Assert.Equal(-9582.43, model.LogLikelihood, 0.01);
        CdnowData.AssertRelative(0.2426, model.R, 1e-3, "r");
        CdnowData.AssertRelative(2.4258, model.B, 1e-3, "b");
    }

    [Fact]
    public void The_fitted_point_is_a_maximum_and_the_gradient_vanishes_there()
    {
        var model = CdnowData.BgNbd;
        var likelihood = new BgNbdLikelihood(CdnowData.Summary.Customers);
        double[] theta = [Math.Log(model.R), Math.Log(model.Alpha), Math.Log(model.A), Math.Log(model.B)];
        var gradient = new double[4];

        likelihood.ValueAndGradient(theta, gradient);

        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-4, $"gradient component {g}"));
        for (var i = 0; i < 4; i++)
        {
            foreach (var step in new[] { -0.01, 0.01 })
            {
                var moved = (double[])theta.Clone();
                moved[i] += step;
                Assert.True(likelihood.Value(moved) < model.LogLikelihood);
            }
        }
    }

    [Fact]
    public void Analytic_gradient_matches_central_differences_away_from_the_optimum()
    {
        var likelihood = new BgNbdLikelihood(CdnowData.Summary.Customers);
        double[] theta = [Math.Log(0.5), Math.Log(3.0), Math.Log(1.5), Math.Log(0.8)];
        var gradient = new double[4];
        likelihood.ValueAndGradient(theta, gradient);

        GradientCheck.AssertMatchesCentralDifferences(t => likelihood.Value(t), theta, gradient);
    }

    [Fact]
    public void Fit_in_days_gives_the_same_model_rescaled()
    {
        var days = new RfmSummary(
            CdnowData.CalibrationEnd,
            CdnowData.HoldoutEnd,
            LifetimeTimeUnit.Day,
            CdnowData.Summary.Customers.Select(c => c with { Recency = c.Recency * 7, Age = c.Age * 7 }).ToList());

        var model = new BgNbdTrainer().Fit(days);

        CdnowData.AssertRelative(CdnowData.BgNbd.R, model.R, 1e-5, "r");
        CdnowData.AssertRelative(CdnowData.BgNbd.Alpha * 7, model.Alpha, 1e-5, "alpha");
        CdnowData.AssertRelative(CdnowData.BgNbd.A, model.A, 1e-5, "a");
        CdnowData.AssertRelative(CdnowData.BgNbd.B, model.B, 1e-5, "b");
    }

    [Fact]
    public void No_customers_and_no_repeat_buyers_are_refused_with_a_clear_message()
    {
        var trainer = new BgNbdTrainer();
        var empty = new RfmSummary(CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week, []);
        var oneTimers = empty with
        {
            Customers = [new CustomerRfm("a", 0, 0, 10, 0, 5, 0), new CustomerRfm("b", 0, 0, 20, 0, 5, 1)],
        };

        Assert.Contains("without customers", Assert.Throws<LifetimeModelException>(() => trainer.Fit(empty)).Message);
        Assert.Contains("repeat buyers", Assert.Throws<LifetimeModelException>(() => trainer.Fit(oneTimers)).Message);
    }

    [Fact]
    public void One_customer_is_refused_without_a_penalizer_and_fitted_with_one()
    {
        var single = new RfmSummary(
            CdnowData.CalibrationEnd, CdnowData.HoldoutEnd, LifetimeTimeUnit.Week, [new CustomerRfm("a", 3, 20, 30, 10, 10, 1)]);

        var error = Assert.Throws<LifetimeModelException>(() => new BgNbdTrainer().Fit(single));
        var penalized = new BgNbdTrainer(new LifetimeFitOptions { Penalizer = 0.01 }).Fit(single);

        Assert.Contains("penalizer", error.Message);
        Assert.True(double.IsFinite(penalized.LogLikelihood));
        Assert.Equal(1, penalized.Customers);
    }

    [Fact]
    public void Invalid_histories_are_refused_naming_the_customer()
    {
        var bad = new RfmSummary(
            CdnowData.CalibrationEnd,
            CdnowData.HoldoutEnd,
            LifetimeTimeUnit.Week,
            [new CustomerRfm("ok", 1, 2, 5, 1, 1, 0), new CustomerRfm("broken", 2, 9, 5, 1, 1, 0)]);

        var error = Assert.Throws<LifetimeModelException>(() => new BgNbdTrainer().Fit(bad));

        Assert.Contains("'broken'", error.Message);
    }
}
