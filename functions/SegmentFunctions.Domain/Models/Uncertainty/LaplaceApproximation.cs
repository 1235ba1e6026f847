using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// The parameters' uncertainty as a Laplace approximation at the maximum-likelihood estimate: in log-parameter space
/// (where the fits run and every value is admissible) the estimate is taken as normal around the optimum with the
/// inverse of the observed information, −∇² ln L, as covariance. The Hessian is a central difference of the analytic
/// gradient. Parameter sets are drawn from that normal with a fixed seed (<see cref="LifetimeParameterDraws"/>).
/// The approximation covers estimation error only: not a model that does not fit, nor drift after training.
/// </summary>
public static class LaplaceApproximation
{
    private const double Step = 1e-4;

    /// <summary>The log-likelihood and its gradient at log-parameters, as the lifetime likelihoods give them.</summary>
    public delegate double LogLikelihood(ReadOnlySpan<double> logParameters, Span<double> gradient);

    /// <summary>
    /// Draws for BG/NBD fitted on <paramref name="data"/>'s purchases and, when given, Gamma-Gamma fitted on its
    /// spend; null when BG/NBD's observed information is not positive definite (a flat likelihood: too few customers or
    /// repeat buyers). The likelihoods are sums over distinct histories weighted by their counts, so the information
    /// of n identical customers is n times one's, and the draws from compressed data (combined from shards or not) are
    /// those from every customer's record.
    /// </summary>
    public static LifetimeParameterDraws? Draw(
        BgNbdModel bgNbd, LifetimeData data, GammaGammaModel? gammaGamma, int seed, int count = LifetimeParameterDraws.DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(bgNbd);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Purchases.Customers == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var purchases = new BgNbdLikelihood(data.Purchases);
        var bgDraws = Draw(purchases.ValueAndGradient, [Math.Log(bgNbd.R), Math.Log(bgNbd.Alpha), Math.Log(bgNbd.A), Math.Log(bgNbd.B)], count, random);
        if (bgDraws is null)
        {
            return null;
        }

        double[]? ggDraws = null;
        if (gammaGamma is not null && data.Spend.Customers > 0)
        {
            var spend = new GammaGammaLikelihood(data.Spend);
            ggDraws = Draw(spend.ValueAndGradient, [Math.Log(gammaGamma.P), Math.Log(gammaGamma.Q), Math.Log(gammaGamma.Gamma)], count, random);
        }

        var draws = new LifetimeParameterDraws(count, data.Purchases.Observations.Max(o => o.Age), bgDraws, ggDraws);
        draws.Validate();
        return draws;
    }

    /// <summary>
    /// The covariance of the estimate in log-parameter space, (−∇² ln L)⁻¹ at <paramref name="mode"/>; null when the
    /// observed information is not positive definite there.
    /// </summary>
    public static Matrix<double>? Covariance(LogLikelihood logLikelihood, double[] mode)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        ArgumentNullException.ThrowIfNull(mode);
        var k = mode.Length;
        var information = Matrix<double>.Build.Dense(k, k);
        var theta = (double[])mode.Clone();
        var plus = new double[k];
        var minus = new double[k];
        for (var j = 0; j < k; j++)
        {
            theta[j] = mode[j] + Step;
            logLikelihood(theta, plus);
            theta[j] = mode[j] - Step;
            logLikelihood(theta, minus);
            theta[j] = mode[j];
            for (var i = 0; i < k; i++)
            {
                information[i, j] -= (plus[i] - minus[i]) / (4.0 * Step);
                information[j, i] -= (plus[i] - minus[i]) / (4.0 * Step);
            }
        }

        if (information.Enumerate().Any(v => !double.IsFinite(v)) || information.Evd().EigenValues.Any(e => e.Real <= 0))
        {
            return null;
        }

        var covariance = information.Inverse();
        return covariance.Enumerate().All(double.IsFinite) ? covariance : null;
    }

    /// <summary><paramref name="count"/> parameter sets exp(θ̂ + L z), z standard normal, L L' the covariance; flattened.</summary>
    private static double[]? Draw(LogLikelihood logLikelihood, double[] mode, int count, Random random)
    {
        if (Covariance(logLikelihood, mode) is not { } covariance)
        {
            return null;
        }

        var factor = covariance.Cholesky().Factor;
        var k = mode.Length;
        var draws = new double[count * k];
        var z = Vector<double>.Build.Dense(k);
        for (var m = 0; m < count; m++)
        {
            for (var i = 0; i < k; i++)
            {
                z[i] = Normal.Sample(random, 0.0, 1.0);
            }

            var offset = factor * z;
            for (var i = 0; i < k; i++)
            {
                draws[(m * k) + i] = Math.Exp(mode[i] + offset[i]);
            }
        }

        return draws.All(v => double.IsFinite(v) && v > 0) ? draws : null;
    }
}
