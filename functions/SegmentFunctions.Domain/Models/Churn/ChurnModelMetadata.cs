using SegmentFunctions.Domain.Models.Lifetime;
using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>What a saved churn model needs besides the ML.NET transformers.</summary>
internal sealed record ChurnModelMetadata(
    int FormatVersion,
    IReadOnlyList<string> FeatureNames,
    int HorizonDays,
    LifetimeTimeUnit TimeUnit,
    IReadOnlyList<FeatureImportance> Importance,
    int TopDrivers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChurnModelMetadata))]
internal sealed partial class ChurnModelJsonContext : JsonSerializerContext;
