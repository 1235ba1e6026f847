namespace SegmentFunctions.Models;

/// <summary>GET /api/models: the serving version (null before the first promotion) and every version, newest first.</summary>
public sealed record ModelList(string? Current, IReadOnlyList<ModelVersionView> Versions);
