using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// What a bundle is trained from: feature documents as of <see cref="AsOf"/> (T), optionally the documents as of
/// T - H for the churn classifier (features at the cut-off, labels from the documents at T), and optionally the
/// bundle in production, whose segment ids the new segments inherit.
/// </summary>
public sealed record ModelBundleTrainingInput(
    IReadOnlyList<CustomerFeatures> DocumentsAtAsOf,
    DateTimeOffset AsOf,
    IReadOnlyList<CustomerFeatures>? DocumentsAtCutoff = null,
    ModelBundle? Previous = null);
