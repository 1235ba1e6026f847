using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Serialization;

/// <summary>
/// The one JSON shape of domain documents (camelCase, nulls omitted), shared by Cosmos DB, SQLite, the HTTP API and
/// snapshots. Source-generated because documents are (de)serialized on the ingestion hot path.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerFeatures))]
[JsonSerializable(typeof(ProcessingState))]
public sealed partial class DomainJsonContext : JsonSerializerContext;
