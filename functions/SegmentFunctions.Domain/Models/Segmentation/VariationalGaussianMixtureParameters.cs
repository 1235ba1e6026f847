namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Everything a <see cref="VariationalGaussianMixtureModel"/> holds, as plain data for persistence. Per kept
/// component k (K_eff of them) with dimension d: Weights[k], Means[k d .. k d + d), Nu[k], Beta[k], the d x d factor
/// P_k of W_k = P_kᵀ P_k at ScaleFactors[k d² ..], and ln |W_k| at LogDetW[k].
/// </summary>
public sealed record VariationalGaussianMixtureParameters(
    int Dimension,
    IReadOnlyList<double> Weights,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Nu,
    IReadOnlyList<double> Beta,
    IReadOnlyList<double> ScaleFactors,
    IReadOnlyList<double> LogDetW,
    IReadOnlyList<int> SourceComponents,
    int MaxComponents,
    double Elbo,
    IReadOnlyList<double> ElboHistory,
    bool Converged);
