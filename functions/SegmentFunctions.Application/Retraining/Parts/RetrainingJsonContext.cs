using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>Source-generated JSON of the part blobs. Doubles round-trip exactly; NaN is written as a literal.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SegmentationPart))]
[JsonSerializable(typeof(LifetimePart))]
[JsonSerializable(typeof(ChurnPart))]
[JsonSerializable(typeof(RetrainMetrics))]
internal sealed partial class RetrainingJsonContext : JsonSerializerContext;
