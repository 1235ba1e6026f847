namespace SegmentFunctions.Application.Orchestration;

/// <summary>Which run of an orchestration was started last (<c>runs/{name}.active.json</c>), swapped by ETag.</summary>
public sealed record ActiveRunPointer(string RunId);
