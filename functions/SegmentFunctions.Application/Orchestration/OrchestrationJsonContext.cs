using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>The engine's own documents (status, journal records, pointers): camelCase, enums as strings, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(OrchestrationStatus))]
[JsonSerializable(typeof(ActivityRecord))]
[JsonSerializable(typeof(ActiveRunPointer))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class OrchestrationJsonContext : JsonSerializerContext;
