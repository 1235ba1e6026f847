using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// A fitted BG/NBD model (Fader, Hardie &amp; Lee 2005): purchases at Poisson rate λ ~ Gamma(r, α) while alive; after
/// each purchase the customer drops out with probability p ~ Beta(a, b). Times are in <see cref="TimeUnit"/>; a
/// customer's history is (x, t_x, T) as in <see cref="CustomerRfm"/>.
/// <para>
/// For churn, use <see cref="ChurnScore"/> or <see cref="ExpectedPurchases"/>, not <see cref="ProbabilityAlive"/>:
/// BG/NBD lets customers drop out only right after a purchase, so a customer with no repeat purchase has P(alive) = 1
/// however long ago they bought.
/// </para>
/// </summary>
public sealed class BgNbdModel
{
    // a = 1 makes eqs. 7 and 10 a 0/0 limit; the expressions are continuous in a, so a is nudged off 1.
    private const double UnitShapeGuard = 1e-8;

    // Beyond this many horizons at once their arguments go to the heap instead of the stack.
    private const int MaxStackHorizons = 256;

    public BgNbdModel(
        double r,
        double alpha,
        double a,
        double b,
        double logLikelihood,
        int customers,
        LifetimeTimeUnit timeUnit,
        OptimizationSummary? optimization = null)
    {
        foreach (var (name, value) in new[] { ("r", r), ("alpha", alpha), ("a", a), ("b", b) })
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, "BG/NBD parameters are positive and finite.");
            }
        }

        R = r;
        Alpha = alpha;
        A = a;
        B = b;
        LogLikelihood = logLikelihood;
        Customers = customers;
        TimeUnit = timeUnit;
        Optimization = optimization;
    }

    /// <summary>Shape of the gamma distribution of purchase rates λ.</summary>
    public double R { get; }

    /// <summary>Scale (rate parameter) of the gamma distribution of purchase rates, in <see cref="TimeUnit"/>.</summary>
    public double Alpha { get; }

    /// <summary>First shape of the beta distribution of dropout probabilities p.</summary>
    public double A { get; }

    /// <summary>Second shape of the beta distribution of dropout probabilities p.</summary>
    public double B { get; }

    public double LogLikelihood { get; }

    /// <summary>Customers the model was fitted on.</summary>
    public int Customers { get; }

    public LifetimeTimeUnit TimeUnit { get; }

    /// <summary>How the fit converged; null for a model restored from its parameters.</summary>
    public OptimizationSummary? Optimization { get; }

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + 1{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) (Fader, Hardie &amp; Lee 2005,
    /// "Computing P(alive) using the BG/NBD model", eq. 2), in log space.
    /// </summary>
    public double ProbabilityAlive(int x, double tx, double T)
    {
        ValidateHistory(x, tx, T);
        return x == 0 ? 1.0 : 1.0 / (1.0 + Math.Exp(LogDeadOdds(x, tx, T)));
    }

    public double ProbabilityAlive(CustomerRfm customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);
    }

    /// <summary>
    /// E[X(t)], purchases of a new customer in (0, t] (eq. 7):
    /// (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
    /// </summary>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        ValidateHorizon(t);
        if (t == 0)
        {
            return 0.0;
        }

        var a = ShapeOffOne();
        return (a + B - 1.0) / (a - 1.0) * (1.0 - DiscountedHypergeometric(a, 0, Alpha, t));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T], purchases in (T, T+t] given the history (eq. 10):
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive | x, t_x, T).
    /// </summary>
    public double ExpectedPurchases(double t, int x, double tx, double T)
    {
        ValidateHistory(x, tx, T);
        ValidateHorizon(t);
        if (t == 0)
        {
            return 0.0;
        }

        var a = ShapeOffOne();
        var aliveFactor = x == 0 ? 1.0 : 1.0 / (1.0 + Math.Exp(LogDeadOdds(x, tx, T)));
        return (a + B + x - 1.0) / (a - 1.0) * (1.0 - DiscountedHypergeometric(a, x, Alpha + T, t)) * aliveFactor;
    }

    /// <summary>
    /// P(alive | x, t_x, T) and E[Y(t) | x, t_x, T] (eq. 10) for each horizon t: the values of
    /// <see cref="ProbabilityAlive(int, double, double)"/> and <see cref="ExpectedPurchases(double, int, double, double)"/>,
    /// bit for bit, for the cost of about one of them. Every horizon's 2F1 has the same parameters and only its
    /// argument differs, so the series are summed together (<see cref="GaussHypergeometric.EvaluateMany"/>), and
    /// P(alive) is computed once.
    /// </summary>
    /// <param name="expected">One value per horizon.</param>
    /// <returns>P(alive | x, t_x, T).</returns>
    public double ExpectedPurchases(ReadOnlySpan<double> horizons, int x, double tx, double T, Span<double> expected)
    {
        ValidateHistory(x, tx, T);
        if (expected.Length != horizons.Length)
        {
            throw new ArgumentException($"{horizons.Length} horizons need as many results, not {expected.Length}.", nameof(expected));
        }

        var a = ShapeOffOne();
        var s = Alpha + T;
        var logS = Math.Log(s);
        Span<double> z = horizons.Length <= MaxStackHorizons ? stackalloc double[horizons.Length] : new double[horizons.Length];
        for (var i = 0; i < horizons.Length; i++)
        {
            ValidateHorizon(horizons[i]);
            z[i] = horizons[i] / (s + horizons[i]);
        }

        // Zero horizons have z = 0, whose 2F1 is 1; their expectation is 0 below.
        GaussHypergeometric.EvaluateMany(a + B - 1.0 - R, a - 1.0, a + B + x - 1.0, z, expected);
        var alive = x == 0 ? 1.0 : 1.0 / (1.0 + Math.Exp(LogDeadOdds(x, tx, T)));
        for (var i = 0; i < horizons.Length; i++)
        {
            var t = horizons[i];
            expected[i] = t == 0
                ? 0.0
                : (a + B + x - 1.0) / (a - 1.0) * (1.0 - (Math.Exp((a - 1.0) * (logS - Math.Log(s + t))) * expected[i])) * alive;
        }

        return alive;
    }

    public double ExpectedPurchases(double t, CustomerRfm customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return ExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);
    }

    /// <summary>
    /// P(X(t) = n) for a new customer (eq. 8), in log space; the negative binomial tail
    /// 1 − Σ_{j&lt;n} Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j is the regularised incomplete beta I_{t/(α+t)}(n, r).
    /// </summary>
    public double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ValidateHorizon(t);
        if (t == 0)
        {
            return n == 0 ? 1.0 : 0.0;
        }

        var logBetaAb = SpecialFunctions.BetaLn(A, B);
        var logStay = R * Math.Log(Alpha / (Alpha + t));
        var logMove = Math.Log(t / (Alpha + t));
        var stillAlive = Math.Exp(
            SpecialFunctions.BetaLn(A, B + n) - logBetaAb + SpecialFunctions.GammaLn(R + n) - SpecialFunctions.GammaLn(R)
            - SpecialFunctions.GammaLn(n + 1.0) + logStay + (n * logMove));
        if (n == 0)
        {
            return stillAlive;
        }

        var droppedAtN = Math.Exp(SpecialFunctions.BetaLn(A + 1.0, B + n - 1.0) - logBetaAb)
            * SpecialFunctions.BetaRegularized(n, R, t / (Alpha + t));
        return stillAlive + droppedAtN;
    }

    /// <summary>
    /// The churn-facing score: P(no purchase in (T, T+t] | x, t_x, T). Given λ and p, a customer buys nothing in the
    /// window if already dead, or alive with no Poisson event, so integrating over the posterior of (λ, p):
    /// <code>
    /// [ (α+T+t)^−(r+x) + 1{x&gt;0} a/(b+x−1) (α+t_x)^−(r+x) ] / [ (α+T)^−(r+x) + 1{x&gt;0} a/(b+x−1) (α+t_x)^−(r+x) ]
    ///   = 1 − P(alive) · (1 − ((α+T)/(α+T+t))^(r+x))
    /// </code>
    /// Unlike P(alive) it grows with T for customers without repeat purchases, it ranks customers much as
    /// <see cref="ExpectedPurchases(double,int,double,double)"/> does (it is at least 1 − E[Y(t)] by Markov's
    /// inequality), and it tends to 1 − P(alive) as t grows.
    /// </summary>
    public double ChurnScore(double t, int x, double tx, double T)
    {
        ValidateHistory(x, tx, T);
        ValidateHorizon(t);
        var alive = x == 0 ? 1.0 : 1.0 / (1.0 + Math.Exp(LogDeadOdds(x, tx, T)));
        var noEventIfAlive = Math.Exp((R + x) * (Math.Log(Alpha + T) - Math.Log(Alpha + T + t)));
        return 1.0 - (alive * (1.0 - noEventIfAlive));
    }

    public double ChurnScore(double t, CustomerRfm customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return ChurnScore(t, customer.Frequency, customer.Recency, customer.Age);
    }

    /// <summary>
    /// (1−z)^(r+x) · 2F1(r+x, b+x; a+b+x−1; z) with z = t/(s+t), the bracketed term of eqs. 7 (x = 0, s = α) and 10
    /// (s = α+T). Computed through Euler's transformation (A&amp;S 15.3.3) as (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z):
    /// the direct form multiplies a tiny power by a 2F1 that grows like (1−z)^−(r+x) and overflows for heavy buyers
    /// (x in the hundreds), while the transformed series has first parameters free of x and stays of order one.
    /// </summary>
    private double DiscountedHypergeometric(double a, int x, double s, double t)
    {
        var logOneMinusZ = Math.Log(s) - Math.Log(s + t);
        var z = t / (s + t);
        return Math.Exp((a - 1.0) * logOneMinusZ) * GaussHypergeometric.Evaluate(a + B - 1.0 - R, a - 1.0, a + B + x - 1.0, z);
    }

    /// <summary>ln[ a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) ]: log odds of "dropped out after the last purchase".</summary>
    private double LogDeadOdds(int x, double tx, double T) =>
        Math.Log(A) - Math.Log(B + x - 1.0) + ((R + x) * (Math.Log(Alpha + T) - Math.Log(Alpha + tx)));

    private double ShapeOffOne() =>
        Math.Abs(A - 1.0) < UnitShapeGuard ? 1.0 + UnitShapeGuard : A;

    private static void ValidateHistory(int x, double tx, double T)
    {
        if (x < 0 || !double.IsFinite(tx) || !double.IsFinite(T) || tx < 0 || T < tx)
        {
            throw new ArgumentOutOfRangeException(
                nameof(x), $"A history needs x ≥ 0 and 0 ≤ t_x ≤ T; got x = {x}, t_x = {tx}, T = {T}.");
        }
    }

    private static void ValidateHorizon(double t)
    {
        if (!double.IsFinite(t) || t < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon is a finite time ≥ 0.");
        }
    }
}
