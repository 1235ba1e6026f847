using MathNet.Numerics;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// The conjugate prior of the VB mixture (PRML 10.39-10.40): weights Dir(α0) or DP(α0) sticks, and
/// p(μ_k, Λ_k) = N(μ_k | m0, (β0 Λ_k)⁻¹) W(Λ_k | W0, ν0), with m0 the data mean and W0⁻¹ the data covariance.
/// </summary>
internal sealed class NormalWishartPrior
{
    private NormalWishartPrior(
        int dimension, WeightPrior weightPrior, double concentration, double beta, double[] mean,
        double[] inverseScale, double degreesOfFreedom)
    {
        Dimension = dimension;
        WeightPrior = weightPrior;
        Concentration = concentration;
        Beta = beta;
        Mean = mean;
        InverseScale = inverseScale;
        DegreesOfFreedom = degreesOfFreedom;
        var cholesky = (double[])inverseScale.Clone();
        if (!DenseCholesky.TryDecompose(cholesky, dimension))
        {
            throw new ArgumentException(
                "The feature covariance is not positive definite: some features are collinear or constant. " +
                "Drop them (FeatureScaler drops constant ones) or raise CovarianceRegularization.");
        }

        var logDetInverse = 0.0;
        for (var i = 0; i < dimension; i++)
        {
            logDetInverse += 2 * Math.Log(cholesky[i * dimension + i]);
        }

        LogNormalizer = WishartLogNormalizer(-logDetInverse, degreesOfFreedom, dimension);
    }

    public int Dimension { get; }
    public WeightPrior WeightPrior { get; }
    public double Concentration { get; }
    public double Beta { get; }
    public double[] Mean { get; }
    public double[] InverseScale { get; }
    public double DegreesOfFreedom { get; }

    /// <summary>ln B(W0, ν0) (PRML B.79).</summary>
    public double LogNormalizer { get; }

    public static NormalWishartPrior FromData(FeatureMatrix data, VariationalGaussianMixtureOptions options, int components)
    {
        var d = data.Columns;
        var n = data.Rows;
        var mean = new double[d];
        for (var r = 0; r < n; r++)
        {
            var x = data.Row(r);
            for (var i = 0; i < d; i++)
            {
                mean[i] += x[i];
            }
        }

        for (var i = 0; i < d; i++)
        {
            mean[i] /= n;
        }

        var covariance = new double[d * d];
        var centered = new double[d];
        for (var r = 0; r < n; r++)
        {
            var x = data.Row(r);
            for (var i = 0; i < d; i++)
            {
                centered[i] = x[i] - mean[i];
            }

            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    covariance[i * d + j] += centered[i] * centered[j];
                }
            }
        }

        for (var i = 0; i < d * d; i++)
        {
            covariance[i] /= n;
        }

        return FromMoments(mean, covariance, options, components);
    }

    /// <summary>The prior of data with the given mean and (biased) covariance, d x d row-major.</summary>
    public static NormalWishartPrior FromMoments(
        double[] mean, double[] covariance, VariationalGaussianMixtureOptions options, int components)
    {
        var d = mean.Length;
        var inverseScale = (double[])covariance.Clone();
        for (var i = 0; i < d; i++)
        {
            inverseScale[i * d + i] += options.CovarianceRegularization;
        }

        return new NormalWishartPrior(
            d, options.WeightPrior, options.WeightConcentration ?? 1.0 / components, options.MeanPrecision, mean,
            inverseScale, options.DegreesOfFreedom ?? d);
    }

    /// <summary>ln B(W, ν) = -ν/2 ln|W| - (νd/2 ln 2 + d(d-1)/4 ln π + Σ_i ln Γ((ν + 1 - i)/2)) (PRML B.79).</summary>
    public static double WishartLogNormalizer(double logDetW, double nu, int d)
    {
        var logGammaSum = 0.0;
        for (var i = 1; i <= d; i++)
        {
            logGammaSum += SpecialFunctions.GammaLn((nu + 1 - i) / 2);
        }

        return -nu / 2 * logDetW - (nu * d / 2 * Math.Log(2) + d * (d - 1) / 4.0 * Math.Log(Math.PI) + logGammaSum);
    }

    /// <summary>E[ln |Λ|] = Σ_i ψ((ν + 1 - i)/2) + d ln 2 + ln |W| (PRML 10.65).</summary>
    public static double ExpectedLogDeterminant(double logDetW, double nu, int d)
    {
        var total = d * Math.Log(2) + logDetW;
        for (var i = 1; i <= d; i++)
        {
            total += SpecialFunctions.DiGamma((nu + 1 - i) / 2);
        }

        return total;
    }
}
