namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>Settings of the maximum-likelihood fits of BG/NBD and Gamma-Gamma.</summary>
public sealed record LifetimeFitOptions
{
    /// <summary>Stop when every component of the mean log-likelihood's gradient (log-parameter space) is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-9;

    public int MaxIterations { get; init; } = 500;

    /// <summary>
    /// L2 penalty on the log-parameters, Penalizer · Σ (ln θ)², added to the mean negative log-likelihood: 0 is plain
    /// maximum likelihood; a small value (0.001 to 0.1) keeps fits on tiny or degenerate data sets finite at the price
    /// of bias. Unlike the <c>lifetimes</c> package's <c>penalizer_coef</c> (on θ²) it also stops parameters running
    /// off to 0, which is how BG/NBD's a degenerates when nobody drops out.
    /// </summary>
    public double Penalizer { get; init; }

    public static LifetimeFitOptions Default { get; } = new();
}
