namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Discounted expected customer value over a finite horizon, the computation of the <c>lifetimes</c> package's
/// <c>GammaGammaFitter.customer_lifetime_value</c>:
/// <code>
/// CLV = Σ_{i=1..n} ( E[Y(i·L) | x, t_x, T] − E[Y((i−1)·L) | x, t_x, T] ) · E[M | x, zbar] / (1 + d)^i
/// </code>
/// with L the period length in the BG/NBD model's time unit, d the discount rate per period, E[Y] from BG/NBD
/// (eq. 10) and E[M] from Gamma-Gamma. The value is a margin only if the spends were margins.
/// </summary>
public sealed class CustomerLifetimeValueCalculator
{
    private readonly BgNbdModel _purchases;
    private readonly GammaGammaModel _spend;

    public CustomerLifetimeValueCalculator(BgNbdModel purchases, GammaGammaModel spend)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        if (!spend.HasFiniteMeanSpend)
        {
            throw new LifetimeModelException(
                $"CLV needs a finite expected spend, but the Gamma-Gamma model has q = {spend.Q:G4} ≤ 1.");
        }

        _purchases = purchases;
        _spend = spend;
    }

    public double Calculate(CustomerRfm customer, CustomerLifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var spend = _spend.ConditionalExpectedAverageSpend(customer);
        var value = 0.0;
        var previous = 0.0;
        for (var i = 1; i <= options.Periods; i++)
        {
            var cumulative = _purchases.ExpectedPurchases(i * options.PeriodLength, customer);
            value += (cumulative - previous) * spend / Math.Pow(1.0 + options.DiscountRate, i);
            previous = cumulative;
        }

        return value;
    }

    /// <summary>CLV of every customer of the summary, in its order.</summary>
    public double[] Calculate(RfmSummary summary, CustomerLifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit != _purchases.TimeUnit)
        {
            throw new ArgumentException(
                $"The summary is in {summary.TimeUnit}s but the BG/NBD model was fitted in {_purchases.TimeUnit}s.", nameof(summary));
        }

        var values = new double[summary.Customers.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Calculate(summary.Customers[i], options);
        }

        return values;
    }

    private static void Validate(CustomerLifetimeValueOptions options)
    {
        if (options.Periods < 1 || !double.IsFinite(options.PeriodLength) || options.PeriodLength <= 0
            || !double.IsFinite(options.DiscountRate) || options.DiscountRate <= -1.0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"CLV needs at least one period of positive length and a discount rate above −1; got {options}.");
        }
    }
}
