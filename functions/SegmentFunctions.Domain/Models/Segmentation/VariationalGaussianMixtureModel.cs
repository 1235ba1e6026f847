using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// A trained variational Gaussian mixture, reduced to its effective components (expected weight ≥ the threshold),
/// numbered 0..K_eff-1 by decreasing weight. Predictions use the posterior predictive, a mixture of Student-t
/// distributions (PRML 10.80-10.82), so the uncertainty of each component's parameters is part of the soft assignment.
/// </summary>
public sealed class VariationalGaussianMixtureModel
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _nu;
    private readonly double[] _beta;
    private readonly double[] _scaleFactors;
    private readonly double[] _logDetW;
    private readonly double[] _studentFactors;
    private readonly double[] _studentConstants;
    private readonly double[] _studentDegrees;

    private VariationalGaussianMixtureModel(
        int dimension, double[] weights, double[] means, double[] nu, double[] beta, double[] scaleFactors,
        double[] logDetW, int[] sourceComponents, int maxComponents, double elbo, IReadOnlyList<double> history,
        bool converged)
    {
        Dimension = dimension;
        _weights = weights;
        _means = means;
        _nu = nu;
        _beta = beta;
        _scaleFactors = scaleFactors;
        _logDetW = logDetW;
        SourceComponents = sourceComponents;
        MaxComponents = maxComponents;
        Elbo = elbo;
        ElboHistory = history;
        Converged = converged;
        var k = weights.Length;
        var d = dimension;
        _studentFactors = new double[k * d * d];
        _studentConstants = new double[k];
        _studentDegrees = new double[k];
        for (var c = 0; c < k; c++)
        {
            // St(x | m_k, L_k, ν_k + 1 - d), L_k = (ν_k + 1 - d) β_k / (1 + β_k) W_k (PRML 10.81-10.82).
            var degrees = nu[c] + 1 - d;
            var scale = degrees * beta[c] / (1 + beta[c]);
            var rootScale = Math.Sqrt(scale);
            for (var i = 0; i < d * d; i++)
            {
                _studentFactors[c * d * d + i] = rootScale * scaleFactors[c * d * d + i];
            }

            var logDetL = d * Math.Log(scale) + logDetW[c];
            _studentDegrees[c] = degrees;
            _studentConstants[c] = Math.Log(weights[c]) + SpecialFunctions.GammaLn((degrees + d) / 2)
                - SpecialFunctions.GammaLn(degrees / 2) - d / 2.0 * Math.Log(degrees * Math.PI) + 0.5 * logDetL;
        }
    }

    /// <summary>K_eff, the number of components kept.</summary>
    public int Components => _weights.Length;

    public int Dimension { get; }

    /// <summary>The K the trainer started from (MaxComponents clipped to the row count).</summary>
    public int MaxComponents { get; }

    /// <summary>
    /// For each kept component, its index among the components the fit ended with (fewer than MaxComponents when merge
    /// moves joined some).
    /// </summary>
    public IReadOnlyList<int> SourceComponents { get; }

    /// <summary>Expected weights E[π_k] of the kept components, renormalised to sum to 1.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Final evidence lower bound (PRML 10.70) of the best restart.</summary>
    public double Elbo { get; }

    /// <summary>ELBO after initialisation and after each iteration and each accepted merge of the best restart.</summary>
    public IReadOnlyList<double> ElboHistory { get; }

    public int Iterations => ElboHistory.Count - 1;
    public bool Converged { get; }

    /// <summary>Posterior mean m_k of component k in standardized space.</summary>
    public ReadOnlySpan<double> Mean(int component) => _means.AsSpan(component * Dimension, Dimension);

    /// <summary>All means, row-major K_eff x d: the segment centroids in standardized space.</summary>
    public double[] Centroids() => (double[])_means.Clone();

    /// <summary>
    /// Upper-triangular U_k (row-major d x d) with E[Λ_k] = ν_k W_k = U_k U_kᵀ; the convention of scikit-learn's
    /// precisions_cholesky_.
    /// </summary>
    public double[] PrecisionCholesky(int component)
    {
        var d = Dimension;
        var result = new double[d * d];
        var scale = Math.Sqrt(_nu[component]);
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                result[i * d + j] = scale * _scaleFactors[component * d * d + j * d + i];
            }
        }

        return result;
    }

    /// <summary>Predictive responsibilities p(k | x) for one standardized row.</summary>
    public void PredictProbabilities(ReadOnlySpan<double> standardizedRow, Span<double> probabilities)
    {
        var d = Dimension;
        if (standardizedRow.Length != d)
        {
            throw new ArgumentException($"Expected a row of {d} features, got {standardizedRow.Length}.", nameof(standardizedRow));
        }

        if (probabilities.Length < Components)
        {
            throw new ArgumentException($"The probability buffer needs {Components} entries.", nameof(probabilities));
        }

        Span<double> difference = stackalloc double[d];
        var max = double.NegativeInfinity;
        for (var c = 0; c < Components; c++)
        {
            for (var i = 0; i < d; i++)
            {
                difference[i] = standardizedRow[i] - _means[c * d + i];
            }

            var mahalanobis = DenseCholesky.LowerQuadratic(_studentFactors.AsSpan(c * d * d, d * d), difference, d);
            var degrees = _studentDegrees[c];
            var log = _studentConstants[c] - (degrees + d) / 2 * Math.Log(1 + mahalanobis / degrees);
            probabilities[c] = log;
            max = Math.Max(max, log);
        }

        var sum = 0.0;
        for (var c = 0; c < Components; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < Components; c++)
        {
            probabilities[c] /= sum;
        }
    }

    /// <summary>The most probable segment of a standardized row.</summary>
    public int PredictSegment(ReadOnlySpan<double> standardizedRow)
    {
        Span<double> probabilities = stackalloc double[Components];
        PredictProbabilities(standardizedRow, probabilities);
        var best = 0;
        for (var c = 1; c < Components; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>The segment of every row.</summary>
    public int[] PredictSegments(FeatureMatrix standardized)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        var labels = new int[standardized.Rows];
        Parallel.For(0, standardized.Rows, r => labels[r] = PredictSegment(standardized.Row(r)));
        return labels;
    }

    /// <summary>
    /// Σ_n ln Σ_k π_k N(x_n | m_k, (ν_k W_k)⁻¹) at the posterior means of the parameters; the likelihood for BIC.
    /// </summary>
    public double LogLikelihood(FeatureMatrix standardized)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        var d = Dimension;
        var k = Components;
        var constants = new double[k];
        for (var c = 0; c < k; c++)
        {
            constants[c] = Math.Log(_weights[c]) - d / 2.0 * Math.Log(2 * Math.PI)
                + 0.5 * (d * Math.Log(_nu[c]) + _logDetW[c]);
        }

        var total = 0.0;
        var logs = new double[k];
        var difference = new double[d];
        for (var r = 0; r < standardized.Rows; r++)
        {
            var x = standardized.Row(r);
            var max = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                for (var i = 0; i < d; i++)
                {
                    difference[i] = x[i] - _means[c * d + i];
                }

                logs[c] = constants[c]
                    - 0.5 * _nu[c] * DenseCholesky.LowerQuadratic(_scaleFactors.AsSpan(c * d * d, d * d), difference, d);
                max = Math.Max(max, logs[c]);
            }

            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                sum += Math.Exp(logs[c] - max);
            }

            total += max + Math.Log(sum);
        }

        return total;
    }

    /// <summary>Free parameters of the K_eff-component full-covariance mixture: (K-1) + K d + K d(d+1)/2.</summary>
    public int ParameterCount => Components - 1 + Components * Dimension + Components * Dimension * (Dimension + 1) / 2;

    /// <summary>BIC = -2 ln L + p ln N at the posterior means (lower is better).</summary>
    public double BayesianInformationCriterion(FeatureMatrix standardized) =>
        -2 * LogLikelihood(standardized) + ParameterCount * Math.Log(standardized.Rows);

    /// <summary>The model's parameters as plain data; <see cref="FromParameters"/> restores an identical model.</summary>
    public VariationalGaussianMixtureParameters ToParameters() => new(
        Dimension, [.. _weights], [.. _means], [.. _nu], [.. _beta], [.. _scaleFactors], [.. _logDetW],
        [.. SourceComponents], MaxComponents, Elbo, [.. ElboHistory], Converged);

    /// <exception cref="ArgumentException">The arrays do not fit K_eff components of the dimension, or a value is not finite or out of range.</exception>
    public static VariationalGaussianMixtureModel FromParameters(VariationalGaussianMixtureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var d = parameters.Dimension;
        var k = parameters.Weights.Count;
        if (d < 1 || k < 1)
        {
            throw new ArgumentException($"A mixture needs at least one component and one dimension; got {k} and {d}.", nameof(parameters));
        }

        Expect(parameters.Means, k * d, "means");
        Expect(parameters.Nu, k, "nu");
        Expect(parameters.Beta, k, "beta");
        Expect(parameters.ScaleFactors, k * d * d, "scale factors");
        Expect(parameters.LogDetW, k, "log-determinants");
        if (parameters.SourceComponents.Count != k)
        {
            throw new ArgumentException($"Expected {k} source components, got {parameters.SourceComponents.Count}.", nameof(parameters));
        }

        if (parameters.Weights.Any(w => w <= 0) || parameters.Beta.Any(b => b <= 0) || parameters.Nu.Any(n => n <= d - 1))
        {
            throw new ArgumentException("Weights and beta must be positive and nu greater than d - 1.", nameof(parameters));
        }

        return new VariationalGaussianMixtureModel(
            d, [.. parameters.Weights], [.. parameters.Means], [.. parameters.Nu], [.. parameters.Beta],
            [.. parameters.ScaleFactors], [.. parameters.LogDetW], [.. parameters.SourceComponents], parameters.MaxComponents,
            parameters.Elbo, [.. parameters.ElboHistory], parameters.Converged);

        static void Expect(IReadOnlyList<double> values, int count, string name)
        {
            if (values.Count != count || values.Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"Expected {count} finite {name}, got {values.Count}.", nameof(parameters));
            }
        }
    }

    internal static VariationalGaussianMixtureModel FromPosterior(
        MixturePosterior posterior, int maxComponents, double elbo, IReadOnlyList<double> history, bool converged,
        double minimumWeight)
    {
        var d = posterior.Dimension;
        var weights = posterior.ExpectedWeights();
        var kept = Enumerable.Range(0, posterior.Components)
            .Where(k => weights[k] >= minimumWeight)
            .OrderByDescending(k => weights[k])
            .ToArray();
        if (kept.Length == 0)
        {
            kept = [Array.IndexOf(weights, weights.Max())];
        }

        var total = kept.Sum(k => weights[k]);
        var keptWeights = kept.Select(k => weights[k] / total).ToArray();
        var means = new double[kept.Length * d];
        var factors = new double[kept.Length * d * d];
        for (var c = 0; c < kept.Length; c++)
        {
            Array.Copy(posterior.Means, kept[c] * d, means, c * d, d);
            Array.Copy(posterior.Factors, kept[c] * d * d, factors, c * d * d, d * d);
        }

        return new VariationalGaussianMixtureModel(
            d, keptWeights, means, [.. kept.Select(k => posterior.Nu[k])], [.. kept.Select(k => posterior.Beta[k])],
            factors, [.. kept.Select(k => posterior.LogDetW[k])], kept, maxComponents, elbo, [.. history],
            converged);
    }
}
