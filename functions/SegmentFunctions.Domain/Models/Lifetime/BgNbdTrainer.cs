namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Fits BG/NBD by maximum likelihood (Fader, Hardie &amp; Lee 2005, eq. 6): BFGS with the analytic gradient on
/// (ln r, ln α, ln a, ln b), minimising the mean negative log-likelihood, started at r = a = b = 1 and α = max T / 10
/// (the scale the <c>lifetimes</c> package starts from). Deterministic: the same summary gives the same model.
/// </summary>
public sealed class BgNbdTrainer(LifetimeFitOptions? options = null)
{
    private const double DivergenceBound = 30.0;
    private readonly LifetimeFitOptions _options = options ?? LifetimeFitOptions.Default;

    public BgNbdModel Fit(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(BgNbdData.FromCustomers(summary.Customers), summary.TimeUnit);
    }

    /// <summary>Fits on compressed data (distinct (x, t_x, T) with counts), e.g. combined from the shards of a snapshot.</summary>
    public BgNbdModel Fit(BgNbdData data, LifetimeTimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Customers == 0)
        {
            throw new LifetimeModelException("BG/NBD cannot be fitted without customers.");
        }

        if (!data.Observations.Any(o => o.Frequency > 0))
        {
            throw new LifetimeModelException(
                $"BG/NBD needs repeat buyers to estimate dropout: none of the {data.Customers} customers bought again in calibration.");
        }

        var likelihood = new BgNbdLikelihood(data);
        var objective = PenalizedObjective.For(likelihood.ValueAndGradient, data.Customers, _options.Penalizer);

        var maxAge = data.Observations.Max(o => o.Age);
        double[] start = [0.0, Math.Log(maxAge > 0 ? maxAge / 10.0 : 1.0), 0.0, 0.0];
        var (theta, _, summaryOfFit) = BfgsMinimizer.Minimize(
            objective, start, ["r", "alpha", "a", "b"], _options.GradientTolerance, _options.MaxIterations, DivergenceBound);
        var r = Math.Exp(theta[0]);
        var alpha = Math.Exp(theta[1]);
        var a = Math.Exp(theta[2]);
        var b = Math.Exp(theta[3]);
        return new BgNbdModel(
            r, alpha, a, b, likelihood.LogLikelihood(r, alpha, a, b), data.Customers, timeUnit, summaryOfFit);
    }
}
