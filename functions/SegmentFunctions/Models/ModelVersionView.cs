using System.Text.Json.Nodes;

namespace SegmentFunctions.Models;

/// <summary>A published model version as GET /api/models lists it: when, how large, its metrics, and whether it serves.</summary>
public sealed record ModelVersionView(string Version, DateTimeOffset PublishedAt, long BundleBytes, bool Serving, JsonObject Metrics);
