using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Naming;

/// <summary>
/// Storage-side JSON types, with the same options as the domain context: dead letters, lease files, and the feed
/// arrays the Cosmos SDK asks its serializer for (whose elements resolve through the domain context).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetters.DeadLetterRecord))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(CustomerFeatures[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
