using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Azure.Cosmos;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>
/// Serializes Cosmos items with the source-generated domain context, so a document has the same JSON shape in Cosmos
/// DB, SQLite, the HTTP API and snapshots (and no reflection or Newtonsoft.Json on the hot path).
/// </summary>
public sealed class DomainCosmosSerializer : CosmosSerializer
{
    private static readonly JsonSerializerOptions Options = new(DomainJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DomainJsonContext.Default, StorageJsonContext.Default),
    };

    public override T FromStream<T>(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (typeof(Stream).IsAssignableFrom(typeof(T)))
        {
            return (T)(object)stream;
        }

        using (stream)
        {
            return JsonSerializer.Deserialize(stream, TypeInfo<T>())!;
        }
    }

    public override Stream ToStream<T>(T input)
    {
        var buffer = new MemoryStream();
        JsonSerializer.Serialize(buffer, input, TypeInfo<T>());
        buffer.Position = 0;
        return buffer;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        Options.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T)} is not a domain document type; add it to a JSON context.");
}
