using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// The Gamma-Gamma log-likelihood of repeat buyers' mean spends and its gradient in (ln p, ln q, ln γ) (Fader,
/// Hardie &amp; Lee 2005, "RFM and CLV", J. Marketing Research 42(4); Fader &amp; Hardie 2013, "The Gamma-Gamma Model
/// of Monetary Value", eq. 4): given x repeat transactions with mean zbar,
/// <code>
/// ln f = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln zbar + px ln x − (px+q) ln(γ + x·zbar)
/// </code>
/// Gamma and digamma terms depend on x only and are computed once per distinct x; the rest once per distinct
/// (x, zbar), weighted by its count (<see cref="GammaGammaData"/>).
/// </summary>
public sealed class GammaGammaLikelihood
{
    private readonly int[] _group;
    private readonly double[] _logSpend;
    private readonly double[] _totalSpend;
    private readonly double[] _count;
    private readonly int[] _groupFrequency;
    private readonly double[] _groupCount;
    private readonly double _sumXLogX;

    /// <param name="customers">Repeat buyers only: x &gt; 0 and zbar &gt; 0.</param>
    /// <exception cref="LifetimeModelException">A customer is not a repeat buyer with positive spend.</exception>
    public GammaGammaLikelihood(IReadOnlyList<CustomerRfm> customers)
        : this(GammaGammaData.FromCustomers(customers))
    {
    }

    /// <summary>Over distinct (x, zbar) with counts: each term of the sum is weighted by its count.</summary>
    public GammaGammaLikelihood(GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var observations = data.Observations;
        _groupFrequency = observations.Select(o => o.Frequency).Distinct().Order().ToArray();
        var groupOf = _groupFrequency.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        _groupCount = new double[_groupFrequency.Length];
        _group = new int[observations.Count];
        _logSpend = new double[observations.Count];
        _totalSpend = new double[observations.Count];
        _count = new double[observations.Count];
        var sumXLogX = new NeumaierSum(0);
        for (var i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            _group[i] = groupOf[o.Frequency];
            _groupCount[_group[i]] += o.Count;
            _logSpend[i] = Math.Log(o.MeanSpend);
            _totalSpend[i] = o.Frequency * o.MeanSpend;
            _count[i] = o.Count;
            sumXLogX.Add(o.Count * (o.Frequency * Math.Log(o.Frequency)));
        }

        _sumXLogX = sumXLogX.Value;
        Customers = data.Customers;
    }

    public int Customers { get; }

    public double LogLikelihood(double p, double q, double gamma) =>
        Evaluate([Math.Log(p), Math.Log(q), Math.Log(gamma)], []);

    public double Value(ReadOnlySpan<double> logParameters) => Evaluate(logParameters, []);

    public double ValueAndGradient(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        if (gradient.Length != 3)
        {
            throw new ArgumentException("The Gamma-Gamma gradient has 3 components.", nameof(gradient));
        }

        return Evaluate(logParameters, gradient);
    }

    private double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        var p = Math.Exp(logParameters[0]);
        var q = Math.Exp(logParameters[1]);
        var gamma = Math.Exp(logParameters[2]);
        var logGamma = logParameters[2];
        var withGradient = !gradient.IsEmpty;
        var digammaQ = withGradient ? SpecialFunctions.DiGamma(q) : 0.0;
        var groups = _groupFrequency.Length;
        Span<double> groupDigamma = groups <= 256 ? stackalloc double[groups] : new double[groups];
        var total = (p * _sumXLogX) + (Customers * ((q * logGamma) - SpecialFunctions.GammaLn(q)));
        double dP = 0.0, dQ = 0.0, dGamma = 0.0;
        for (var k = 0; k < groups; k++)
        {
            var px = p * _groupFrequency[k];
            total += _groupCount[k] * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px));
            if (withGradient)
            {
                var digammaPxq = SpecialFunctions.DiGamma(px + q);
                groupDigamma[k] = digammaPxq - SpecialFunctions.DiGamma(px);
                dQ += _groupCount[k] * (digammaPxq - digammaQ + logGamma);
            }
        }

        // Compensated sums: on a million customers the per-customer terms cancel to a gradient of ~1e-6 of plain
        // summation's rounding, which the optimiser's tolerance cannot get below.
        var sumTotal = new NeumaierSum(total);
        var sumP = new NeumaierSum(dP);
        var sumQ = new NeumaierSum(dQ);
        var sumGamma = new NeumaierSum(dGamma);
        for (var i = 0; i < _group.Length; i++)
        {
            var k = _group[i];
            var x = _groupFrequency[k];
            var n = _count[i];
            var px = p * x;
            var logDenominator = Math.Log(gamma + _totalSpend[i]);
            sumTotal.Add(n * (((px - 1.0) * _logSpend[i]) - ((px + q) * logDenominator)));
            if (withGradient)
            {
                sumP.Add(n * x * (groupDigamma[k] + _logSpend[i] + Math.Log(x) - logDenominator));
                sumQ.Add(-n * logDenominator);
                sumGamma.Add(n * ((q / gamma) - ((px + q) / (gamma + _totalSpend[i]))));
            }
        }

        if (withGradient)
        {
            gradient[0] = sumP.Value * p;
            gradient[1] = sumQ.Value * q;
            gradient[2] = sumGamma.Value * gamma;
        }

        return sumTotal.Value;
    }
}
