namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Fits Gamma-Gamma by maximum likelihood on the repeat buyers of a summary (x &gt; 0 and zbar &gt; 0; customers
/// whose repeat purchases were all free carry no spend information and are left out): BFGS with the analytic
/// gradient on (ln p, ln q, ln γ), started at p = 1, q = 2, γ = mean zbar (a population mean spend equal to the
/// observed one). Deterministic.
/// </summary>
public sealed class GammaGammaTrainer(LifetimeFitOptions? options = null)
{
    private const double DivergenceBound = 30.0;
    private readonly LifetimeFitOptions _options = options ?? LifetimeFitOptions.Default;

    public GammaGammaModel Fit(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(summary.Customers);
    }

    public GammaGammaModel Fit(IReadOnlyList<CustomerRfm> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var repeatBuyers = customers.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0).ToList();
        if (repeatBuyers.Count == 0)
        {
            throw new LifetimeModelException(
                $"Gamma-Gamma needs repeat buyers with positive spend; none of the {customers.Count} customers has one.");
        }

        return Fit(GammaGammaData.FromCustomers(repeatBuyers));
    }

    /// <summary>Fits on compressed repeat-buyer data (distinct (x, zbar) with counts), e.g. combined from shards.</summary>
    public GammaGammaModel Fit(GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Customers == 0)
        {
            throw new LifetimeModelException("Gamma-Gamma needs repeat buyers with positive spend; there are none.");
        }

        var likelihood = new GammaGammaLikelihood(data);
        var objective = PenalizedObjective.For(likelihood.ValueAndGradient, data.Customers, _options.Penalizer);

        var meanSpend = data.Observations.Sum(o => o.Count * o.MeanSpend) / data.Customers;
        double[] start = [0.0, Math.Log(2.0), Math.Log(meanSpend)];
        var (theta, _, summaryOfFit) = BfgsMinimizer.Minimize(
            objective, start, ["p", "q", "gamma"], _options.GradientTolerance, _options.MaxIterations, DivergenceBound);
        var p = Math.Exp(theta[0]);
        var q = Math.Exp(theta[1]);
        var gamma = Math.Exp(theta[2]);
        return new GammaGammaModel(p, q, gamma, likelihood.LogLikelihood(p, q, gamma), data.Customers, summaryOfFit);
    }
}
