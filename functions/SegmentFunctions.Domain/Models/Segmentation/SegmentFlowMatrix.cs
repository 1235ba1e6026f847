namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>Customers per (previous segment id, new segment id): Counts[i][j] moved from FromIds[i] to ToIds[j].</summary>
public sealed record SegmentFlowMatrix(IReadOnlyList<int> FromIds, IReadOnlyList<int> ToIds, IReadOnlyList<IReadOnlyList<int>> Counts);
