using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// The variational posterior q(π) q(μ, Λ) of the mixture (PRML 10.57-10.63): weight parameters, and per component
/// β_k, m_k, ν_k and W_k kept as its factor P_k (W_k = P_kᵀ P_k, P_k = C_k⁻¹ where W_k⁻¹ = C_k C_kᵀ).
/// </summary>
internal sealed class MixturePosterior
{
    private readonly NormalWishartPrior _prior;

    public MixturePosterior(NormalWishartPrior prior, int components)
    {
        _prior = prior;
        Components = components;
        Dimension = prior.Dimension;
        var d = Dimension;
        WeightA = new double[components];
        WeightB = new double[components];
        Beta = new double[components];
        Nu = new double[components];
        Means = new double[components * d];
        Factors = new double[components * d * d];
        LogDetW = new double[components];
    }

    public int Components { get; }
    public int Dimension { get; }

    /// <summary>Dirichlet: α_k (10.58). Dirichlet process: γ_k1 = 1 + N_k (Blei &amp; Jordan 2006, eq. 18).</summary>
    public double[] WeightA { get; }

    /// <summary>Dirichlet process only: γ_k2 = α0 + Σ_{j&gt;k} N_j.</summary>
    public double[] WeightB { get; }

    public double[] Beta { get; }
    public double[] Nu { get; }
    public double[] Means { get; }
    public double[] Factors { get; }
    public double[] LogDetW { get; }

    /// <summary>The M-step: PRML 10.58 and 10.60-10.63 (or the stick-breaking update) from the E-step sums.</summary>
    public void Update(SufficientStatistics stats)
    {
        var d = Dimension;
        var prior = _prior;
        var xBar = new double[d];
        var scatter = new double[d * d];
        var inverse = new double[d * d];
        var tail = 0.0;
        for (var k = Components - 1; k >= 0; k--)
        {
            var nk = stats.Counts[k];
            if (prior.WeightPrior == WeightPrior.Dirichlet)
            {
                WeightA[k] = prior.Concentration + nk;
            }
            else
            {
                WeightA[k] = 1 + nk;
                WeightB[k] = prior.Concentration + tail;
                tail += nk;
            }

            Beta[k] = prior.Beta + nk;
            Nu[k] = prior.DegreesOfFreedom + nk;
            MeanAndScatter(stats, k, xBar, scatter);
            var shrink = prior.Beta * nk / (prior.Beta + nk);
            for (var i = 0; i < d; i++)
            {
                Means[k * d + i] = (prior.Beta * prior.Mean[i] + nk * xBar[i]) / Beta[k];
            }

            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    inverse[i * d + j] = prior.InverseScale[i * d + j] + scatter[i * d + j]
                        + shrink * (xBar[i] - prior.Mean[i]) * (xBar[j] - prior.Mean[j]);
                }
            }

            if (!DenseCholesky.TryDecompose(inverse, d))
            {
                throw new InvalidOperationException(
                    $"Component {k}'s scale matrix lost positive definiteness (N_k = {nk}); raise CovarianceRegularization.");
            }

            var logDet = 0.0;
            for (var i = 0; i < d; i++)
            {
                logDet -= 2 * Math.Log(inverse[i * d + i]);
            }

            LogDetW[k] = logDet;
            DenseCholesky.InvertLower(inverse, Factors.AsSpan(k * d * d, d * d), d);
        }
    }

    /// <summary>x̄_k (10.52) and N_k S_k = Σ r (x - x̄)(x - x̄)ᵀ = Sxx - N x̄ x̄ᵀ (10.53).</summary>
    private void MeanAndScatter(SufficientStatistics stats, int k, double[] xBar, double[] scatter)
    {
        var d = Dimension;
        var nk = stats.Counts[k];
        if (nk < 1e-12)
        {
            Array.Copy(_prior.Mean, xBar, d);
            Array.Clear(scatter);
            return;
        }

        for (var i = 0; i < d; i++)
        {
            xBar[i] = stats.Sums[k * d + i] / nk;
        }

        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                scatter[i * d + j] = stats.SecondMoments[(k * d + i) * d + j] - nk * xBar[i] * xBar[j];
            }
        }
    }

    /// <summary>E[ln π_k]: ψ(α_k) - ψ(Σ α) (10.66), or E[ln v_k] + Σ_{j&lt;k} E[ln(1 - v_j)] with v_K = 1 (truncation).</summary>
    public void ExpectedLogWeights(Span<double> result)
    {
        if (_prior.WeightPrior == WeightPrior.Dirichlet)
        {
            var digammaTotal = SpecialFunctions.DiGamma(WeightA.Sum());
            for (var k = 0; k < Components; k++)
            {
                result[k] = SpecialFunctions.DiGamma(WeightA[k]) - digammaTotal;
            }

            return;
        }

        var previous = 0.0;
        for (var k = 0; k < Components; k++)
        {
            if (k == Components - 1)
            {
                result[k] = previous;
                break;
            }

            var digammaTotal = SpecialFunctions.DiGamma(WeightA[k] + WeightB[k]);
            result[k] = SpecialFunctions.DiGamma(WeightA[k]) - digammaTotal + previous;
            previous += SpecialFunctions.DiGamma(WeightB[k]) - digammaTotal;
        }
    }

    /// <summary>E[π_k]: α_k / Σ α, or E[v_k] Π_{j&lt;k} (1 - E[v_j]) with v_K = 1.</summary>
    public double[] ExpectedWeights()
    {
        var weights = new double[Components];
        if (_prior.WeightPrior == WeightPrior.Dirichlet)
        {
            var total = WeightA.Sum();
            for (var k = 0; k < Components; k++)
            {
                weights[k] = WeightA[k] / total;
            }

            return weights;
        }

        var remaining = 1.0;
        for (var k = 0; k < Components; k++)
        {
            var stick = k == Components - 1 ? 1.0 : WeightA[k] / (WeightA[k] + WeightB[k]);
            weights[k] = remaining * stick;
            remaining *= 1 - stick;
        }

        return weights;
    }

    public double ExpectedLogDeterminant(int k) =>
        NormalWishartPrior.ExpectedLogDeterminant(LogDetW[k], Nu[k], Dimension);

    public EStepParameters ToEStepParameters()
    {
        var d = Dimension;
        var parameters = new EStepParameters(Components, d);
        var logWeights = new double[Components];
        ExpectedLogWeights(logWeights);
        for (var k = 0; k < Components; k++)
        {
            var scale = Math.Sqrt(Nu[k]);
            for (var i = 0; i < d * d; i++)
            {
                parameters.Factors[k * d * d + i] = scale * Factors[k * d * d + i];
            }

            Array.Copy(Means, k * d, parameters.Means, k * d, d);
            for (var j = 0; j < d; j++)
            {
                var offset = 0.0;
                for (var i = 0; i <= j; i++)
                {
                    offset += parameters.Factors[k * d * d + j * d + i] * Means[k * d + i];
                }

                parameters.Offsets[k * d + j] = offset;
            }

            parameters.Constants[k] = logWeights[k] + 0.5 * ExpectedLogDeterminant(k)
                - d / 2.0 * Math.Log(2 * Math.PI) - d / (2 * Beta[k]);
        }

        return parameters;
    }

    /// <summary>The evidence lower bound L(q) = PRML 10.70, with the terms 10.71-10.77 (weights per the chosen prior).</summary>
    public double LowerBound(SufficientStatistics stats)
    {
        var d = Dimension;
        var prior = _prior;
        var logWeights = new double[Components];
        ExpectedLogWeights(logWeights);
        var xBar = new double[d];
        var scatter = new double[d * d];
        var w = new double[d * d];
        var difference = new double[d];
        var log2Pi = Math.Log(2 * Math.PI);
        var likelihood = 0.0;
        var parameterPrior = Components * prior.LogNormalizer;
        var parameterPosterior = 0.0;
        for (var k = 0; k < Components; k++)
        {
            var nk = stats.Counts[k];
            var factor = Factors.AsSpan(k * d * d, d * d);
            var logDetLambda = ExpectedLogDeterminant(k);
            MeanAndScatter(stats, k, xBar, scatter);
            FormScale(factor, w, d);
            var traceScatter = Trace(scatter, w, d);
            var traceInverseScale = Trace(prior.InverseScale, w, d);
            for (var i = 0; i < d; i++)
            {
                difference[i] = xBar[i] - Means[k * d + i];
            }

            var meanFit = DenseCholesky.LowerQuadratic(factor, difference, d);
            for (var i = 0; i < d; i++)
            {
                difference[i] = Means[k * d + i] - prior.Mean[i];
            }

            var meanPrior = DenseCholesky.LowerQuadratic(factor, difference, d);

            // 10.71 and 10.72.
            likelihood += 0.5 * (nk * (logDetLambda - d / Beta[k] - d * log2Pi) - Nu[k] * traceScatter
                - Nu[k] * nk * meanFit);
            likelihood += nk * logWeights[k];

            // 10.74.
            parameterPrior += 0.5 * (d * Math.Log(prior.Beta / (2 * Math.PI)) + logDetLambda - d * prior.Beta / Beta[k]
                - prior.Beta * Nu[k] * meanPrior);
            parameterPrior += (prior.DegreesOfFreedom - d - 1) / 2 * logDetLambda - 0.5 * Nu[k] * traceInverseScale;

            // 10.77 with the Wishart entropy B.82.
            var entropy = -NormalWishartPrior.WishartLogNormalizer(LogDetW[k], Nu[k], d)
                - (Nu[k] - d - 1) / 2 * logDetLambda + Nu[k] * d / 2;
            parameterPosterior += 0.5 * logDetLambda + d / 2.0 * Math.Log(Beta[k] / (2 * Math.PI)) - d / 2.0 - entropy;
        }

        return likelihood + parameterPrior - parameterPosterior - stats.ResponsibilityEntropyTerm
            + WeightDivergenceTerm(logWeights);
    }

    /// <summary>E[ln p(π)] - E[ln q(π)]: 10.73 - 10.76, or the Beta-stick equivalent for the Dirichlet process.</summary>
    private double WeightDivergenceTerm(ReadOnlySpan<double> logWeights)
    {
        var alpha0 = _prior.Concentration;
        if (_prior.WeightPrior == WeightPrior.Dirichlet)
        {
            var priorTerm = SpecialFunctions.GammaLn(Components * alpha0) - Components * SpecialFunctions.GammaLn(alpha0);
            var posteriorTerm = SpecialFunctions.GammaLn(WeightA.Sum());
            for (var k = 0; k < Components; k++)
            {
                priorTerm += (alpha0 - 1) * logWeights[k];
                posteriorTerm += (WeightA[k] - 1) * logWeights[k] - SpecialFunctions.GammaLn(WeightA[k]);
            }

            return priorTerm - posteriorTerm;
        }

        var total = 0.0;
        for (var k = 0; k < Components - 1; k++)
        {
            var a = WeightA[k];
            var b = WeightB[k];
            var digammaTotal = SpecialFunctions.DiGamma(a + b);
            var logV = SpecialFunctions.DiGamma(a) - digammaTotal;
            var logOneMinusV = SpecialFunctions.DiGamma(b) - digammaTotal;
            total += Math.Log(alpha0) + (alpha0 - 1) * logOneMinusV;
            total -= SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(a) - SpecialFunctions.GammaLn(b)
                + (a - 1) * logV + (b - 1) * logOneMinusV;
        }

        return total;
    }

    /// <summary>W = Pᵀ P.</summary>
    private static void FormScale(ReadOnlySpan<double> factor, Span<double> w, int d)
    {
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var sum = 0.0;
                for (var p = Math.Max(i, j); p < d; p++)
                {
                    sum += factor[p * d + i] * factor[p * d + j];
                }

                w[i * d + j] = sum;
            }
        }
    }

    private static double Trace(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int d)
    {
        var total = 0.0;
        for (var i = 0; i < d * d; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
