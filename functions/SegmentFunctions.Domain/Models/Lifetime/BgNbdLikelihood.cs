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
/// computed once per distinct x, so an evaluation costs a few logarithms and one exponential per customer.
/// Parameters are passed as (ln r, ln α, ln a, ln b). Public for diagnostics and the optimizer benchmark.
/// </summary>
public sealed class BgNbdLikelihood
{
    private readonly int[] _group;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly int[] _groupFrequency;
    private readonly int[] _groupCount;

    public BgNbdLikelihood(IReadOnlyList<CustomerRfm> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        foreach (var customer in customers)
        {
            Validate(customer);
        }

        var frequencies = customers.Select(c => c.Frequency).Distinct().Order().ToArray();
        var groupOf = frequencies.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        _groupFrequency = frequencies;
        _groupCount = new int[frequencies.Length];
        _group = new int[customers.Count];
        _recency = new double[customers.Count];
        _age = new double[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            var group = groupOf[customers[i].Frequency];
            _group[i] = group;
            _groupCount[group]++;
            _recency[i] = customers[i].Recency;
            _age[i] = customers[i].Age;
        }
    }

    public int Customers => _group.Length;

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

        // Compensated sums: on a million customers plain summation's rounding leaves a gradient the optimiser's
        // tolerance cannot get below, and it then spends its iterations (and a penalized refit) on rounding noise.
        var sumTotal = new NeumaierSum(total);
        var sumR = new NeumaierSum(dR);
        var sumAlpha = new NeumaierSum(dAlpha);
        var sumA = new NeumaierSum(dA);
        var sumB = new NeumaierSum(dB);
        for (var i = 0; i < _group.Length; i++)
        {
            var k = _group[i];
            var x = _groupFrequency[k];
            var rx = r + x;
            var logAgeTerm = Math.Log(alpha + _age[i]);
            var termAge = -rx * logAgeTerm;
            if (x == 0)
            {
                sumTotal.Add(termAge);
                if (withGradient)
                {
                    sumR.Add(-logAgeTerm);
                    sumAlpha.Add(-rx / (alpha + _age[i]));
                }

                continue;
            }

            var logRecencyTerm = Math.Log(alpha + _recency[i]);
            var termRecency = logOdds[k] - (rx * logRecencyTerm);
            var max = Math.Max(termAge, termRecency);
            var sumExp = Math.Exp(termAge - max) + Math.Exp(termRecency - max);
            sumTotal.Add(max + Math.Log(sumExp));
            if (withGradient)
            {
                var weightAge = Math.Exp(termAge - max) / sumExp;
                var weightRecency = 1.0 - weightAge;
                sumR.Add(-((weightAge * logAgeTerm) + (weightRecency * logRecencyTerm)));
                sumAlpha.Add(-rx * ((weightAge / (alpha + _age[i])) + (weightRecency / (alpha + _recency[i]))));
                sumA.Add(weightRecency / a);
                sumB.Add(-weightRecency / (b + x - 1.0));
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

    private static void Validate(CustomerRfm customer)
    {
        if (customer.Frequency < 0
            || !double.IsFinite(customer.Recency) || !double.IsFinite(customer.Age)
            || customer.Recency < 0 || customer.Age < customer.Recency)
        {
            throw new LifetimeModelException(
                $"Customer '{customer.CustomerId}' has x = {customer.Frequency}, t_x = {customer.Recency}, T = {customer.Age}; BG/NBD needs x ≥ 0 and 0 ≤ t_x ≤ T.");
        }
    }
}
