namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Scores of the mixture fitted with MaxComponents = <see cref="MaxComponents"/>. Internal indices are computed on
/// its hard assignments (NaN when fewer than two segments remain).
/// </summary>
public sealed record ModelSelectionRow(
    int MaxComponents,
    int EffectiveComponents,
    double Elbo,
    double Bic,
    double Silhouette,
    double CalinskiHarabasz,
    double DaviesBouldin,
    double WithinClusterSumOfSquares);
