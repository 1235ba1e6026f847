using System.Runtime.Intrinsics;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// Per-customer 80% intervals of P(alive), expected purchases over the CLV horizon and CLV, from a bundle's
/// <see cref="LifetimeParameterDraws"/>: each quantity is evaluated for every parameter set and the intervals are the
/// sets' order statistics <see cref="LifetimeParameterDraws.LowerRank"/> and <see cref="LifetimeParameterDraws.UpperRank"/>.
/// <para>
/// Kept within the scoring budget by splitting what depends on t_x from what does not. With λ and p integrated out,
/// E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · E[Y(t) | alive at T, x, T], and CLV = E[M | x, zbar] · P(alive) ·
/// Σ_i ΔE[Y | alive] / (1 + d)^i. P(alive) (one logarithm and one exponential per set) and the Gamma-Gamma mean spend
/// are exact per set; the two "if alive" factors, which need Gauss hypergeometric functions, are tabulated per set
/// for each frequency x on first use, over 32 ages T evenly spaced in ln(α̂ + T) up to twice the largest fitted age,
/// and interpolated linearly. The point estimate is tabulated the same way and the interval scaled by exact point /
/// tabulated point, which cancels the interpolation error to first order. Customers beyond the table (x ≥ 1024 or an
/// older T) are computed exactly, slowly. Thread-safe.
/// </para>
/// </summary>
public sealed class LifetimeIntervals
{
    private const int Ages = 32;
    private const int MaxTabulatedFrequency = 1024;

    private readonly LifetimeParameterDraws _draws;
    private readonly BgNbdModel[] _models;
    private readonly double[] _r;
    private readonly double[] _alpha;
    private readonly double[] _logA;
    private readonly double[] _b;
    private readonly double[]? _p;
    private readonly double[]? _q;
    private readonly double[]? _gamma;
    private readonly CustomerLifetimeValueOptions _clv;
    private readonly double _horizon;
    private readonly double _logAlpha0;
    private readonly double _logAgeStep;
    private readonly double _maxAge;
    private readonly LifetimeIntervalRow?[] _rows = new LifetimeIntervalRow?[MaxTabulatedFrequency];

    /// <param name="bgNbd">The fitted BG/NBD: the point estimate, tabulated beside the draws.</param>
    /// <param name="withSpend">Whether CLV intervals are wanted (the bundle has a Gamma-Gamma model).</param>
    /// <param name="horizon">The expected purchases' horizon, in the BG/NBD time unit.</param>
    /// <exception cref="ArgumentException">The draws are malformed.</exception>
    public LifetimeIntervals(BgNbdModel bgNbd, LifetimeParameterDraws draws, bool withSpend, CustomerLifetimeValueOptions clv, double horizon)
    {
        ArgumentNullException.ThrowIfNull(bgNbd);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(clv);
        draws.Validate();
        _draws = draws;
        _clv = clv;
        _horizon = horizon;
        var n = draws.Count;
        _models = new BgNbdModel[n + 1];
        _r = new double[n + 1];
        _alpha = new double[n + 1];
        _logA = new double[n + 1];
        _b = new double[n + 1];
        for (var m = 0; m <= n; m++)
        {
            // Set n is the point estimate.
            _models[m] = m == n
                ? bgNbd
                : new BgNbdModel(draws.BgNbd[4 * m], draws.BgNbd[(4 * m) + 1], draws.BgNbd[(4 * m) + 2], draws.BgNbd[(4 * m) + 3], double.NaN, 0, bgNbd.TimeUnit);
            _r[m] = _models[m].R;
            _alpha[m] = _models[m].Alpha;
            _logA[m] = Math.Log(_models[m].A);
            _b[m] = _models[m].B;
        }

        if (withSpend && draws.GammaGamma is { } spend)
        {
            _p = [.. Enumerable.Range(0, n).Select(m => spend[3 * m])];
            _q = [.. Enumerable.Range(0, n).Select(m => spend[(3 * m) + 1])];
            _gamma = [.. Enumerable.Range(0, n).Select(m => spend[(3 * m) + 2])];
        }

        _maxAge = (2.0 * draws.MaxAge) + clv.PeriodLength;
        _logAlpha0 = Math.Log(bgNbd.Alpha);
        _logAgeStep = (Math.Log(bgNbd.Alpha + _maxAge) - _logAlpha0) / (Ages - 1);
    }

    /// <summary>Whether CLV intervals are computed (Gamma-Gamma draws exist).</summary>
    public bool HasSpend => _p is not null;

    /// <summary>
    /// The intervals of one customer with history (x, t_x, T) and mean repeat spend zbar, given the point estimates
    /// of its expected purchases, CLV and Gamma-Gamma mean spend (both null without Gamma-Gamma). The CLV interval is
    /// null without spend draws, and when so many spend draws have an infinite mean (q ≤ 1) that its upper
    /// bound is infinite.
    /// </summary>
    public (ScoreInterval Alive, ScoreInterval Expected, ScoreInterval? Value) Evaluate(
        int x, double tx, double T, double zbar, double expected, double? value, double? spend)
    {
        var n = _draws.Count;
        Span<double> alive = stackalloc double[n + 1];
        Span<double> purchases = stackalloc double[n + 1];
        Span<double> discounted = stackalloc double[n + 1];
        if (x < MaxTabulatedFrequency && T <= _maxAge)
        {
            var position = (Math.Log(_alpha[n] + T) - _logAlpha0) / _logAgeStep;
            var k = Math.Clamp((int)position, 0, Ages - 2);
            Tabulated(Row(x), x, tx, T, k, position - k, alive, purchases, discounted);
        }
        else
        {
            for (var m = 0; m <= n; m++)
            {
                alive[m] = _models[m].ProbabilityAlive(x, tx, T);
                var (ifAlive, discountedIfAlive) = IfAlive(_models[m], x, T);
                purchases[m] = ifAlive * alive[m];
                discounted[m] = discountedIfAlive * alive[m];
            }
        }

        var expectedInterval = Scaled(purchases, expected);
        ScoreInterval? valueInterval = null;
        if (_p is not null && value is { } point && spend is { } spendPoint)
        {
            MultiplyBySpend(_p, _q!, _gamma!, x, zbar, discounted[..n]);

            discounted[n] *= spendPoint;
            var interval = Scaled(discounted, point);
            valueInterval = double.IsFinite(interval.High) ? interval : null;
        }

        return (Bounds(alive[..n]), expectedInterval, valueInterval);
    }

    /// <summary>
    /// P(alive) and the interpolated "if alive" factors times P(alive) for every set, four sets at a time: the sets of
    /// an age node are contiguous in the row, and P(alive) = 1 / (1 + exp(ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)))).
    /// </summary>
    private void Tabulated(
        LifetimeIntervalRow row, int x, double tx, double T, int k, double w, Span<double> alive, Span<double> purchases, Span<double> discounted)
    {
        var sets = alive.Length;
        var low = k * sets;
        var high = low + sets;
        var m = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            var vx = Vector256.Create((double)x);
            var vT = Vector256.Create(T);
            var vtx = Vector256.Create(tx);
            var vw = Vector256.Create(w);
            for (; m + Vector256<double>.Count <= sets; m += Vector256<double>.Count)
            {
                var a = one;
                if (x > 0)
                {
                    var alpha = Vector256.Create<double>(_alpha.AsSpan(m));
                    var exponent = Vector256.Create<double>(row.LogOdds.AsSpan(m))
                        + ((Vector256.Create<double>(_r.AsSpan(m)) + vx) * Vector256.Log((alpha + vT) / (alpha + vtx)));
                    a = one / (one + Vector256.Exp(exponent));
                }

                var p0 = Vector256.Create<double>(row.Purchases.AsSpan(low + m));
                var p1 = Vector256.Create<double>(row.Purchases.AsSpan(high + m));
                var d0 = Vector256.Create<double>(row.Discounted.AsSpan(low + m));
                var d1 = Vector256.Create<double>(row.Discounted.AsSpan(high + m));
                a.CopyTo(alive[m..]);
                ((p0 + (vw * (p1 - p0))) * a).CopyTo(purchases[m..]);
                ((d0 + (vw * (d1 - d0))) * a).CopyTo(discounted[m..]);
            }
        }

        for (; m < sets; m++)
        {
            alive[m] = x == 0 ? 1.0 : 1.0 / (1.0 + Math.Exp(row.LogOdds[m] + ((_r[m] + x) * Math.Log((_alpha[m] + T) / (_alpha[m] + tx)))));
            purchases[m] = (row.Purchases[low + m] + (w * (row.Purchases[high + m] - row.Purchases[low + m]))) * alive[m];
            discounted[m] = (row.Discounted[low + m] + (w * (row.Discounted[high + m] - row.Discounted[low + m]))) * alive[m];
        }
    }

    /// <summary>
    /// Multiplies each set's discounted "if alive" value by its Gamma-Gamma mean spend E[M | x, zbar] =
    /// p(γ + x·zbar) / (p·x + q − 1) (Fader, Hardie &amp; Lee 2005, eq. 5, as <see cref="GammaGammaModel"/>), four sets
    /// at a time with the same operations as one at a time. With q ≤ 1 the population's mean spend, and so the
    /// model's, is infinite.
    /// </summary>
    internal static void MultiplyBySpend(
        ReadOnlySpan<double> p, ReadOnlySpan<double> q, ReadOnlySpan<double> gamma, int x, double zbar, Span<double> discounted)
    {
        var spent = x * zbar;
        var m = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            var infinite = Vector256.Create(double.PositiveInfinity);
            var vSpent = Vector256.Create(spent);
            var vx = Vector256.Create((double)x);
            for (; m + Vector256<double>.Count <= discounted.Length; m += Vector256<double>.Count)
            {
                var vp = Vector256.Create(p[m..]);
                var vq = Vector256.Create(q[m..]);
                var spend = vp * (Vector256.Create(gamma[m..]) + vSpent) / ((vp * vx) + vq - one);
                var finite = Vector256.ConditionalSelect(Vector256.GreaterThan(vq, one), spend, infinite);
                (Vector256.Create<double>(discounted[m..]) * finite).CopyTo(discounted[m..]);
            }
        }

        for (; m < discounted.Length; m++)
        {
            discounted[m] *= q[m] > 1.0 ? p[m] * (gamma[m] + spent) / ((p[m] * x) + q[m] - 1.0) : double.PositiveInfinity;
        }
    }

    /// <summary>The draws' order statistics <see cref="LifetimeParameterDraws.LowerRank"/> and <see cref="LifetimeParameterDraws.UpperRank"/> (the same rank from the top).</summary>
    private ScoreInterval Bounds(ReadOnlySpan<double> draws)
    {
        var (low, high) = OrderStatistics.FromBothEnds(draws, _draws.LowerRank);
        return new ScoreInterval(low, high);
    }

    /// <summary>The order statistics of the draws (the first n entries), scaled by exact point / tabulated point (entry n).</summary>
    private ScoreInterval Scaled(ReadOnlySpan<double> values, double point)
    {
        var n = _draws.Count;
        var scale = values[n] > 0 && double.IsFinite(values[n]) ? point / values[n] : 1.0;
        var bounds = Bounds(values[..n]);
        return new ScoreInterval(bounds.Low * scale, bounds.High * scale);
    }

    private LifetimeIntervalRow Row(int x)
    {
        var row = Volatile.Read(ref _rows[x]);
        if (row is not null)
        {
            return row;
        }

        var built = BuildRow(x);
        return Interlocked.CompareExchange(ref _rows[x], built, null) ?? built;
    }

    private LifetimeIntervalRow BuildRow(int x)
    {
        var sets = _draws.Count + 1;
        var purchases = new double[sets * Ages];
        var discounted = new double[sets * Ages];
        var logOdds = new double[sets];
        for (var m = 0; m < sets; m++)
        {
            logOdds[m] = x == 0 ? 0 : _logA[m] - Math.Log(_b[m] + x - 1.0);
            for (var k = 0; k < Ages; k++)
            {
                var age = k == Ages - 1 ? _maxAge : Math.Max(0, Math.Exp(_logAlpha0 + (k * _logAgeStep)) - _alpha[_draws.Count]);
                (purchases[(k * sets) + m], discounted[(k * sets) + m]) = IfAlive(_models[m], x, age);
            }
        }

        return new LifetimeIntervalRow(purchases, discounted, logOdds);
    }

    /// <summary>
    /// E[Y(horizon) | alive at T, x, T] and Σ_i (E[Y(iL) | alive] − E[Y((i−1)L) | alive]) / (1 + d)^i: the expectations
    /// of a customer known to be alive, i.e. those of eq. 10 divided by P(alive) (with t_x = T, where P(alive) &gt; 0).
    /// </summary>
    private (double Purchases, double Discounted) IfAlive(BgNbdModel model, int x, double age)
    {
        var alive = model.ProbabilityAlive(x, age, age);
        var purchases = model.ExpectedPurchases(_horizon, x, age, age) / alive;
        var discounted = 0.0;
        var previous = 0.0;
        for (var i = 1; i <= _clv.Periods; i++)
        {
            var cumulative = model.ExpectedPurchases(i * _clv.PeriodLength, x, age, age);
            discounted += (cumulative - previous) / Math.Pow(1.0 + _clv.DiscountRate, i);
            previous = cumulative;
        }

        return (purchases, discounted / alive);
    }
}
