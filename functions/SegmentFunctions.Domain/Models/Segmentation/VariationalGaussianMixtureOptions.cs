namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>Options of <see cref="VariationalGaussianMixtureTrainer"/>; bindable from configuration.</summary>
public sealed class VariationalGaussianMixtureOptions
{
    /// <summary>Upper bound K on the components; the effective number is found from the data. Clipped to the row count.</summary>
    public int MaxComponents { get; set; } = 10;

    public WeightPrior WeightPrior { get; set; } = WeightPrior.DirichletProcess;

    /// <summary>α0: Dirichlet concentration or DP concentration; null means 1 / MaxComponents (small: favours few components).</summary>
    public double? WeightConcentration { get; set; }

    /// <summary>β0: prior precision scale of the component means around the data mean.</summary>
    public double MeanPrecision { get; set; } = 1.0;

    /// <summary>ν0: Wishart degrees of freedom; null means the dimension d (the smallest proper value is d - 1 + ε).</summary>
    public double? DegreesOfFreedom { get; set; }

    /// <summary>Ridge added to the diagonal of W0⁻¹ (the data covariance) so collinear features stay positive definite.</summary>
    public double CovarianceRegularization { get; set; } = 1e-6;

    /// <summary>Independent k-means++ initialisations; the fit with the highest ELBO is kept.</summary>
    public int Restarts { get; set; } = 3;

    public int MaxIterations { get; set; } = 300;

    /// <summary>
    /// The bound has stalled when |ELBO_t - ELBO_{t-1}| / N ≤ this, in nats per row: the ELBO is a sum over the N rows
    /// plus an offset set by the scale of the features, so a change per row means the same at any N and any offset,
    /// where a change relative to |ELBO| does not. A stalled fit tries merge moves and ends when none raises the bound.
    /// </summary>
    public double Tolerance { get; set; } = 1e-5;

    /// <summary>
    /// Merge moves are tried every this many iterations and whenever the bound stalls; a merge is taken only when it
    /// raises the bound. 0 turns them off (components then die out only through the weight prior).
    /// </summary>
    public int MergeInterval { get; set; } = 5;

    /// <summary>
    /// Components whose expected weight, or whose share of the rows assigned to them, is below this are pruned: their
    /// rows go to the most probable remaining component and the mixture is refitted.
    /// </summary>
    public double MinimumWeight { get; set; } = 0.01;

    /// <summary>Components with fewer rows assigned than this are pruned the same way.</summary>
    public int MinimumComponentSize { get; set; }

    /// <summary>
    /// Pruning by share or size stops at this many components (the largest are kept), so data with one dominant group
    /// still gets the number of segments a consumer requires.
    /// </summary>
    public int MinimumComponents { get; set; } = 1;

    public int Seed { get; set; } = 42;

    internal void Validate()
    {
        if (MaxComponents < 1)
        {
            throw new ArgumentException($"MaxComponents must be at least 1 (was {MaxComponents}).");
        }

        if (WeightConcentration is <= 0 || MeanPrecision <= 0 || CovarianceRegularization < 0)
        {
            throw new ArgumentException(
                "WeightConcentration and MeanPrecision must be positive and CovarianceRegularization non-negative.");
        }

        if (Restarts < 1 || MaxIterations < 1 || Tolerance < 0 || MinimumWeight is < 0 or >= 1 || MinimumComponentSize < 0 || MinimumComponents < 1 || MergeInterval < 0)
        {
            throw new ArgumentException(
                "Restarts and MaxIterations must be at least 1, Tolerance non-negative, MinimumWeight in [0, 1), MinimumComponentSize and MergeInterval non-negative, MinimumComponents at least 1.");
        }
    }
}
