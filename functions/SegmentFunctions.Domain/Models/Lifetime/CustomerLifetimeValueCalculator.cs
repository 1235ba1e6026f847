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
    // Beyond this many periods (ten years of months) the per-period buffers go to the heap instead of the stack.
    private const int MaxStackPeriods = 120;

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
        var periods = options.Periods;
        Span<double> buffer = periods <= MaxStackPeriods ? stackalloc double[3 * periods] : new double[3 * periods];
        var horizons = buffer[..periods];
        var cumulative = buffer.Slice(periods, periods);
        var discount = buffer[(2 * periods)..];
        PeriodEnds(options, horizons);
        _purchases.ExpectedPurchases(horizons, customer.Frequency, customer.Recency, customer.Age, cumulative);
        DiscountFactors(options, discount);
        return Discounted(cumulative, _spend.ConditionalExpectedAverageSpend(customer), discount);
    }

    /// <summary>The ends i·L of the periods i = 1..n, the horizons of the cumulative expected purchases CLV sums.</summary>
    public static void PeriodEnds(CustomerLifetimeValueOptions options, Span<double> horizons)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 1; i <= horizons.Length; i++)
        {
            horizons[i - 1] = i * options.PeriodLength;
        }
    }

    /// <summary>(1 + d)^i for the periods i = 1..n.</summary>
    public static void DiscountFactors(CustomerLifetimeValueOptions options, Span<double> factors)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 1; i <= factors.Length; i++)
        {
            factors[i - 1] = Math.Pow(1.0 + options.DiscountRate, i);
        }
    }

    /// <summary>
    /// Σ_i (E[Y(i·L)] − E[Y((i−1)·L)]) · E[M] / (1 + d)^i from the cumulative expected purchases at the period ends
    /// (<see cref="PeriodEnds"/>), the mean spend E[M | x, zbar] and the <see cref="DiscountFactors"/>: the value
    /// <see cref="Calculate(CustomerRfm, CustomerLifetimeValueOptions)"/> gives, for a caller that has the
    /// cumulative expectations already.
    /// </summary>
    public static double Discounted(ReadOnlySpan<double> cumulative, double spend, ReadOnlySpan<double> discount)
    {
        var value = 0.0;
        var previous = 0.0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            value += (cumulative[i] - previous) * spend / discount[i];
            previous = cumulative[i];
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

    /// <exception cref="ArgumentOutOfRangeException">No period, a period that is not positive, or a discount rate ≤ −1.</exception>
    internal static void Validate(CustomerLifetimeValueOptions options)
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
