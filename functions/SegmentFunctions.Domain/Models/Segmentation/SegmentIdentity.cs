namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>A published segment: its stable id, its name and its centroid in standardized feature space.</summary>
public sealed record SegmentIdentity(int Id, string Name, IReadOnlyList<double> Centroid);
