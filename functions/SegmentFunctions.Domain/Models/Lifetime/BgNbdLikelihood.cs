using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// The BG/NBD log-likelihood of a customer base and its gradient in log-parameter space (Fader, Hardie &amp; Lee
/// 2005, "Counting Your Customers the Easy Way", Marketing Science 24(2), eq. 6):
/// <code>
/// ln L_i = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
///        + ln[ (α+T)^−(r+x) + 1{x&gt;0} · a/(b+x−1) · (α+t_x)^−(r+x) ]
/// </code>
/// The bracket is a log-sum-exp of its two terms. Terms that depend on x alone (gamma and digamma functions) are
/// computed once per distinct x, and the rest once per distinct (x, t_x, T) weighted by its count
/// (<see cref="BgNbdData"/>), so an evaluation costs a few logarithms and one exponential per distinct history.
/// Parameters are passed as (ln r, ln α, ln a, ln b). Public for diagnostics and the optimizer benchmark.
/// </summary>
public sealed class BgNbdLikelihood
{
    private readonly int[] _group;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly double[] _count;
    private readonly int[] _groupFrequency;
    private readonly double[] _groupCount;

    /// <exception cref="LifetimeModelException">A customer's history is not a BG/NBD history.</exception>
    public BgNbdLikelihood(IReadOnlyList<CustomerRfm> customers)
        : this(BgNbdData.FromCustomers(customers))
    {
    }

    /// <summary>Over distinct (x, t_x, T) with counts: each term of the sum is weighted by its count.</summary>
    public BgNbdLikelihood(BgNbdData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var observations = data.Observations;
        var frequencies = observations.Select(o => o.Frequency).Distinct().Order().ToArray();
        var groupOf = frequencies.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        _groupFrequency = frequencies;
        _groupCount = new double[frequencies.Length];
        _group = new int[observations.Count];
        _recency = new double[observations.Count];
        _age = new double[observations.Count];
        _count = new double[observations.Count];
        for (var i = 0; i < observations.Count; i++)
        {
            var group = groupOf[observations[i].Frequency];
            _group[i] = group;
            _groupCount[group] += observations[i].Count;
            _recency[i] = observations[i].Recency;
            _age[i] = observations[i].Age;
            _count[i] = observations[i].Count;
        }

        Customers = data.Customers;
    }

    public int Customers { get; }

    /// <summary>Total log-likelihood at (r, α, a, b).</summary>
    public double LogLikelihood(double r, double alpha, double a, double b) =>
        Evaluate([Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)], []);

    /// <summary>Total log-likelihood at (ln r, ln α, ln a, ln b), without the gradient (for derivative-free optimisers).</summary>
    public double Value(ReadOnlySpan<double> logParameters) => Evaluate(logParameters, []);

    /// <summary>Total log-likelihood at (ln r, ln α, ln a, ln b); its gradient in those coordinates goes to <paramref name="gradient"/>.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        if (gradient.Length != 4)
        {
            throw new ArgumentException("The BG/NBD gradient has 4 components.", nameof(gradient));
        }

        return Evaluate(logParameters, gradient);
    }

    private double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        var r = Math.Exp(logParameters[0]);
        var alpha = Math.Exp(logParameters[1]);
        var a = Math.Exp(logParameters[2]);
        var b = Math.Exp(logParameters[3]);
        var withGradient = !gradient.IsEmpty;
        var groups = _groupFrequency.Length;

        // Per distinct x: the gamma-function part of ln L, ln(a/(b+x−1)) and, for the gradient, the digamma parts.
        Span<double> constant = groups <= 256 ? stackalloc double[groups] : new double[groups];
        Span<double> logOdds = groups <= 256 ? stackalloc double[groups] : new double[groups];
        var shared = SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(r)
            + (r * Math.Log(alpha));
        var sharedDigammaR = withGradient ? SpecialFunctions.DiGamma(r) : 0.0;
        var sharedDigammaB = withGradient ? SpecialFunctions.DiGamma(b) : 0.0;
        var sharedDigammaAb = withGradient ? SpecialFunctions.DiGamma(a + b) : 0.0;
        double total = 0.0, dR = 0.0, dAlpha = 0.0, dA = 0.0, dB = 0.0;
        for (var k = 0; k < groups; k++)
        {
            var x = _groupFrequency[k];
            var count = _groupCount[k];
            constant[k] = shared + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.GammaLn(b + x)
                - SpecialFunctions.GammaLn(a + b + x);
            logOdds[k] = x > 0 ? Math.Log(a) - Math.Log(b + x - 1.0) : double.NegativeInfinity;
            total += count * constant[k];
            if (withGradient)
            {
                var digammaAbx = SpecialFunctions.DiGamma(a + b + x);
                dR += count * (SpecialFunctions.DiGamma(r + x) - sharedDigammaR + Math.Log(alpha));
                dAlpha += count * r / alpha;
                dA += count * (sharedDigammaAb - digammaAbx);
                dB += count * (SpecialFunctions.DiGamma(b + x) - sharedDigammaB + sharedDigammaAb - digammaAbx);
            }
        }

        // Compensated sums of count-weighted terms: on a million customers plain summation's rounding leaves a gradient
        // the optimiser's tolerance cannot get below, and it then spends its iterations (and a penalized refit) on
        // rounding noise.
        var sumTotal = new NeumaierSum(total);
        var sumR = new NeumaierSum(dR);
        var sumAlpha = new NeumaierSum(dAlpha);
        var sumA = new NeumaierSum(dA);
        var sumB = new NeumaierSum(dB);
        for (var i = 0; i < _group.Length; i++)
        {
            var k = _group[i];
            var x = _groupFrequency[k];
            var n = _count[i];
            var rx = r + x;
            var logAgeTerm = Math.Log(alpha + _age[i]);
            var termAge = -rx * logAgeTerm;
            if (x == 0)
            {
                sumTotal.Add(n * termAge);
                if (withGradient)
                {
                    sumR.Add(-n * logAgeTerm);
                    sumAlpha.Add(-n * rx / (alpha + _age[i]));
                }

                continue;
            }

            var logRecencyTerm = Math.Log(alpha + _recency[i]);
            var termRecency = logOdds[k] - (rx * logRecencyTerm);
            var max = Math.Max(termAge, termRecency);
            var sumExp = Math.Exp(termAge - max) + Math.Exp(termRecency - max);
            sumTotal.Add(n * (max + Math.Log(sumExp)));
            if (withGradient)
            {
                var weightAge = Math.Exp(termAge - max) / sumExp;
                var weightRecency = 1.0 - weightAge;
                sumR.Add(-n * ((weightAge * logAgeTerm) + (weightRecency * logRecencyTerm)));
                sumAlpha.Add(-n * rx * ((weightAge / (alpha + _age[i])) + (weightRecency / (alpha + _recency[i]))));
                sumA.Add(n * weightRecency / a);
                sumB.Add(-n * weightRecency / (b + x - 1.0));
            }
        }

        if (withGradient)
        {
            gradient[0] = sumR.Value * r;
            gradient[1] = sumAlpha.Value * alpha;
            gradient[2] = sumA.Value * a;
            gradient[3] = sumB.Value * b;
        }

        return sumTotal.Value;
    }
}
