using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary>The run list, in the run documents' JSON (camelCase, enums as strings, nulls omitted; <see cref="RetrainRunsJsonContext"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RetrainRunList))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RetrainRunListJsonContext : JsonSerializerContext;
