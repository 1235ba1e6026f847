using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>The stored form of a <see cref="Training.SegmentationFit"/> (the segment flows stay in the fit's log).</summary>
public sealed record SegmentationPart(
    IReadOnlyList<string> Columns,
    FeatureScalerParameters Scaler,
    VariationalGaussianMixtureParameters Mixture,
    IReadOnlyList<SegmentDefinition> Segments,
    IReadOnlyList<string> Warnings);
