using System.Text.Json.Serialization;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>Serialization of a range token of <see cref="CosmosFeatureStore"/>: the JSON of its feed ranges.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class CosmosFeedRangeJsonContext : JsonSerializerContext;
