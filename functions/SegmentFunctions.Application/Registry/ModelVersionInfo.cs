using System.Text.Json.Nodes;

namespace SegmentFunctions.Application.Registry;

/// <summary>A published (complete, immutable) model version: its bundle size and its metrics as published.</summary>
public sealed record ModelVersionInfo(string Version, DateTimeOffset PublishedAt, long BundleLength, JsonObject Metrics);
