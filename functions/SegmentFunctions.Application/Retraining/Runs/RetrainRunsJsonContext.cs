using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>The run documents (status, record, singleton pointer): camelCase, enums as strings, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RetrainRunStatus))]
[JsonSerializable(typeof(ActiveRunPointer))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RetrainRunsJsonContext : JsonSerializerContext;
