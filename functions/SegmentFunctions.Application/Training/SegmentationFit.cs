using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Training;

/// <summary>The fitted segmentation part of a bundle: columns, scaler, mixture and segment catalog.</summary>
/// <param name="Match">Matching against the previous bundle's segments; null without one (or when restored from a part blob).</param>
/// <param name="Warnings">Dropped constant columns and similar findings of the fit.</param>
public sealed record SegmentationFit(
    IReadOnlyList<string> Columns,
    FeatureScalerModel Scaler,
    VariationalGaussianMixtureModel Mixture,
    IReadOnlyList<SegmentDefinition> Segments,
    SegmentMatchResult? Match,
    IReadOnlyList<string> Warnings);
