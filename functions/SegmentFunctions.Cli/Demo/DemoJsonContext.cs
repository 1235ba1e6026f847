using System.Text.Json.Serialization;

namespace SegmentFunctions.Cli.Demo;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DemoSummaryJson))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
