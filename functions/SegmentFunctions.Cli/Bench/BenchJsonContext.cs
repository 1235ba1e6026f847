using System.Text.Json.Serialization;

namespace SegmentFunctions.Cli.Bench;

/// <summary>The JSON of `segment bench --json`, for CI to keep and compare.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(IReadOnlyList<BenchReportRow>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
