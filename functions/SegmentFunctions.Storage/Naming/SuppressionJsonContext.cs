using System.Text.Json.Serialization;

namespace SegmentFunctions.Storage.Naming;

/// <summary>JSON of the suppression list adapters: id lists (SQLite parameter, Cosmos DB query literal).</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class SuppressionJsonContext : JsonSerializerContext;
