namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// One published segment of a <see cref="ModelBundle"/>: its stable id (kept across retraining by
/// <see cref="Models.Segmentation.SegmentMatcher"/>), the mixture component it is, its name, naming rule and suggested
/// action, its size at training, the means of its members in original units (in <see cref="ModelBundle.SegmentationColumns"/>
/// order) and its centroid in standardized space.
/// </summary>
public sealed record SegmentDefinition(
    int Id,
    int Component,
    string Name,
    string Rule,
    string Action,
    int Size,
    double CustomerShare,
    double RevenueShare,
    IReadOnlyList<double> ProfileMeans,
    IReadOnlyList<double> Centroid);
