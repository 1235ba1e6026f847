namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// A fitted Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, JMR 42(4); Fader &amp; Hardie 2013): a customer's
/// transaction values are Gamma(p, ν) around their mean p/ν, with ν ~ Gamma(q, γ) across customers. Spend is
/// assumed independent of purchase frequency.
/// </summary>
public sealed class GammaGammaModel
{
    public GammaGammaModel(double p, double q, double gamma, double logLikelihood, int customers, OptimizationSummary? optimization = null)
    {
        foreach (var (name, value) in new[] { ("p", p), ("q", q), ("gamma", gamma) })
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, "Gamma-Gamma parameters are positive and finite.");
            }
        }

        P = p;
        Q = q;
        Gamma = gamma;
        LogLikelihood = logLikelihood;
        Customers = customers;
        Optimization = optimization;
    }

    public double P { get; }

    public double Q { get; }

    public double Gamma { get; }

    public double LogLikelihood { get; }

    /// <summary>Repeat buyers the model was fitted on.</summary>
    public int Customers { get; }

    public OptimizationSummary? Optimization { get; }

    /// <summary>Mean spends have a finite expectation only when q &gt; 1 (E[p/ν] = pγ/(q−1)).</summary>
    public bool HasFiniteMeanSpend => Q > 1.0;

    /// <summary>
    /// E[M | x, zbar] = p(γ + x·zbar) / (p·x + q − 1) (Fader, Hardie &amp; Lee 2005, eq. 5): a weighted mean of the
    /// population mean pγ/(q−1) and the customer's own zbar; x = 0 gives the population mean.
    /// </summary>
    /// <exception cref="LifetimeModelException">q ≤ 1, so the population mean spend is infinite.</exception>
    public double ConditionalExpectedAverageSpend(int x, double zbar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (!double.IsFinite(zbar) || zbar < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(zbar), zbar, "The mean spend is a finite amount ≥ 0.");
        }

        if (!HasFiniteMeanSpend)
        {
            throw new LifetimeModelException(
                $"The fitted Gamma-Gamma has q = {Q:G4} ≤ 1: the expected spend is infinite, so no conditional expectation exists. Too few or too heavy-tailed repeat spends.");
        }

        return P * (Gamma + (x * zbar)) / ((P * x) + Q - 1.0);
    }

    public double ConditionalExpectedAverageSpend(CustomerRfm customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return ConditionalExpectedAverageSpend(customer.Frequency, customer.MeanRepeatSpend);
    }
}
