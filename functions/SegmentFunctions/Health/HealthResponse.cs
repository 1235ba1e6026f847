namespace SegmentFunctions.Health;

/// <summary>
/// <c>GET /api/health</c>: "healthy" when the store answers and a model serves, "degraded" when the store answers but
/// no model has been published, "unhealthy" (503) when the store does not answer.
/// </summary>
public sealed record HealthResponse(string Status, bool StoreReachable, bool ModelLoaded, string? ModelVersion, DateTimeOffset? ModelLoadedAt);
