namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>The prior on the mixture weights of <see cref="VariationalGaussianMixtureTrainer"/>.</summary>
public enum WeightPrior
{
    /// <summary>Symmetric Dirichlet(α0) over MaxComponents weights (Bishop, PRML §10.2).</summary>
    Dirichlet,

    /// <summary>Truncated Dirichlet process, stick-breaking with Beta(1, α0) sticks (Blei &amp; Jordan 2006).</summary>
    DirichletProcess,
}
