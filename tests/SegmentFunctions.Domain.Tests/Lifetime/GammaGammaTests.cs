using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class GammaGammaTests
{
    [Fact]
    public void Fit_on_the_CDNOW_repeat_buyers_reproduces_the_published_estimates()
    {
        var model = CdnowData.GammaGamma;

        Assert.Equal(946, model.Customers);
        CdnowData.AssertRelative(6.2488, model.P, 1e-3, "p");
        CdnowData.AssertRelative(3.7446, model.Q, 1e-3, "q");
        CdnowData.AssertRelative(15.4477, model.Gamma, 1e-3, "gamma");
        CdnowData.AssertRelative(-4055.92, model.LogLikelihood, 1e-3, "log-likelihood");
    }

    [Fact]
    public void Fit_on_the_published_zbar_file_reaches_the_published_log_likelihood()
    {
        var customers = CdnowData.ReadCsv("cdnow_customers_summary_with_transactions.csv")
            .Select(r => new CustomerRfm(
                r["ID"], int.Parse(r["x"]), CdnowData.Number(r["t_x"]), CdnowData.Number(r["T"]), CdnowData.Number(r["zbar"]), 0, 0))
            .ToList();

        var model = new GammaGammaTrainer().Fit(customers);

        Assert.Equal(946, model.Customers);
        Assert.Equal(-4055.92, model.LogLikelihood, 0.01);
    }

    [Fact]
    public void Analytic_gradient_matches_central_differences()
    {
        var likelihood = new GammaGammaLikelihood(CdnowData.Summary.Customers.Where(c => c.Frequency > 0).ToList());
        double[] theta = [Math.Log(2.0), Math.Log(1.5), Math.Log(30.0)];
        var gradient = new double[3];
        likelihood.ValueAndGradient(theta, gradient);

        GradientCheck.AssertMatchesCentralDifferences(t => likelihood.Value(t), theta, gradient);
    }

    [Fact]
    public void Conditional_spend_shrinks_the_customer_mean_towards_the_population_mean()
    {
        var model = CdnowData.GammaGamma;
        var population = model.P * model.Gamma / (model.Q - 1);

        Assert.Equal(population, model.ConditionalExpectedAverageSpend(0, 0), 10);
        var few = model.ConditionalExpectedAverageSpend(1, 200);
        var many = model.ConditionalExpectedAverageSpend(20, 200);
        Assert.InRange(few, population, 200);
        Assert.InRange(many, few, 200);
        Assert.Equal(model.P * (model.Gamma + (3 * 40.0)) / ((model.P * 3) + model.Q - 1), model.ConditionalExpectedAverageSpend(3, 40), 10);
    }

    [Fact]
    public void Only_one_time_buyers_are_refused_with_a_clear_message()
    {
        var oneTimers = new[] { new CustomerRfm("a", 0, 0, 10, 0, 5, 0), new CustomerRfm("b", 0, 0, 20, 0, 9, 0) };

        var error = Assert.Throws<LifetimeModelException>(() => new GammaGammaTrainer().Fit(oneTimers));

        Assert.Contains("repeat buyers", error.Message);
    }

    [Fact]
    public void One_repeat_buyer_is_refused_without_a_penalizer_and_fitted_with_one()
    {
        CustomerRfm[] single = [new("a", 3, 20, 30, 25, 10, 1)];

        var error = Assert.Throws<LifetimeModelException>(() => new GammaGammaTrainer().Fit(single));
        var penalized = new GammaGammaTrainer(new LifetimeFitOptions { Penalizer = 0.1 }).Fit(single);

        Assert.Contains("penalizer", error.Message);
        Assert.Equal(1, penalized.Customers);
        Assert.True(double.IsFinite(penalized.LogLikelihood));
    }

    [Fact]
    public void Repeat_buyers_whose_repeat_purchases_were_free_are_left_out()
    {
        var customers = CdnowData.Summary.Customers.Append(new CustomerRfm("free", 2, 3, 9, 0, 10, 0)).ToList();

        Assert.Equal(946, new GammaGammaTrainer().Fit(customers).Customers);
    }

    [Fact]
    public void A_q_at_most_one_means_no_finite_expected_spend_and_says_so()
    {
        var model = new GammaGammaModel(2, 0.8, 10, 0, 5);

        Assert.False(model.HasFiniteMeanSpend);
        Assert.Contains("q = 0.8", Assert.Throws<LifetimeModelException>(() => model.ConditionalExpectedAverageSpend(2, 10)).Message);
        Assert.Throws<LifetimeModelException>(() => new CustomerLifetimeValueCalculator(CdnowData.BgNbd, model));
    }
}
