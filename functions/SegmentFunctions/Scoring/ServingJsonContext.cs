using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Health;
using SegmentFunctions.Segments;

namespace SegmentFunctions.Scoring;

/// <summary>Source-generated JSON of the serving API (scores, segments, audiences, health): no reflection per request.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CustomerScoreResponse))]
[JsonSerializable(typeof(BatchScoreRequest))]
[JsonSerializable(typeof(BatchScoreResponse))]
[JsonSerializable(typeof(SegmentListResponse))]
[JsonSerializable(typeof(AudienceResponse))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class ServingJsonContext : JsonSerializerContext;
