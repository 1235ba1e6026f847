using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Models.Uncertainty;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>Source-generated JSON of the bundle entries. Doubles round-trip exactly; NaN (empty segments) is written as a literal.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ModelBundleManifest))]
[JsonSerializable(typeof(FeatureScalerParameters))]
[JsonSerializable(typeof(VariationalGaussianMixtureParameters))]
[JsonSerializable(typeof(SegmentDefinition[]))]
[JsonSerializable(typeof(LifetimeModelsDocument))]
[JsonSerializable(typeof(ModelBundleMetrics))]
[JsonSerializable(typeof(LifetimeParameterDraws))]
internal sealed partial class ModelBundleJsonContext : JsonSerializerContext;
