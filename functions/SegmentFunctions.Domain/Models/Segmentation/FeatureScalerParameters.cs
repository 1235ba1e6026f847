namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Everything a <see cref="FeatureScalerModel"/> holds, as plain data for persistence: for output column j, input
/// column <see cref="SourceColumns"/>[j], log1p when <see cref="Log"/>[j], then (value - Means[j]) / StandardDeviations[j].
/// </summary>
public sealed record FeatureScalerParameters(
    IReadOnlyList<string> InputColumns,
    IReadOnlyList<int> SourceColumns,
    IReadOnlyList<bool> Log,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> StandardDeviations,
    IReadOnlyList<string> Warnings);
