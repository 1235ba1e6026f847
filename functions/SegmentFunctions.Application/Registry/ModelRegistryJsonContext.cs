using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Registry;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(CurrentModel))]
internal sealed partial class ModelRegistryJsonContext : JsonSerializerContext;
