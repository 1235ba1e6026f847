using System.Text.Json.Serialization;

namespace SegmentFunctions.Storage.EventHubs;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OwnershipRecord))]
[JsonSerializable(typeof(CheckpointRecord))]
internal sealed partial class EventHubsJsonContext : JsonSerializerContext;
