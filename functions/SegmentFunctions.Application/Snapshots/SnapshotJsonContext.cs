using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Snapshots;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(SnapshotManifest))]
[JsonSerializable(typeof(SnapshotShard))]
[JsonSerializable(typeof(SnapshotPlan))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
