using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.BatchScoring;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true)]
[JsonSerializable(typeof(BatchScoreManifest))]
[JsonSerializable(typeof(SegmentFlows))]
[JsonSerializable(typeof(BatchScorePart))]
internal sealed partial class BatchScoringJsonContext : JsonSerializerContext;
