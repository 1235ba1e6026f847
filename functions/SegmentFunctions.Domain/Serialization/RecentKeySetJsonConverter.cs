using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Serialization;

/// <summary>
/// A <see cref="RecentKeySet"/> as one base64 string: per key, in ascending order, the UTC ticks (int64) and the key
/// hash (uint64), both little-endian, 16 bytes per key. One string instead of one per key keeps the document small and
/// its decoding to a single array on the ingestion hot path.
/// </summary>
public sealed class RecentKeySetJsonConverter : JsonConverter<RecentKeySet>
{
    private const int BytesPerKey = 16;

    /// <summary>
    /// Free slots decoded sets get: a document is read to fold a batch's few events of its customer into it, and
    /// growing an exact-size array would copy (and allocate) the whole set again on every read.
    /// </summary>
    private const int RoomToAdd = 16;

    public override RecentKeySet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Recent dedupe keys must be a base64 string, not {reader.TokenType}.");
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return Decode(reader.GetBytesFromBase64());
        }

        var encoded = reader.ValueSpan;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encoded.Length));
        try
        {
            if (Base64.DecodeFromUtf8(encoded, buffer, out _, out var written) != OperationStatus.Done)
            {
                throw new JsonException("Recent dedupe keys are not valid base64.");
            }

            return Decode(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Write(Utf8JsonWriter writer, RecentKeySet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var keys = value.Keys;
        var length = keys.Length * BytesPerKey;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = buffer.AsSpan(0, length);
            for (var i = 0; i < keys.Length; i++)
            {
                var slot = bytes.Slice(i * BytesPerKey, BytesPerKey);
                BinaryPrimitives.WriteInt64LittleEndian(slot, keys[i].UtcTicks);
                BinaryPrimitives.WriteUInt64LittleEndian(slot[8..], keys[i].KeyHash);
            }

            writer.WriteBase64StringValue(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RecentKeySet Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % BytesPerKey != 0)
        {
            throw new JsonException($"Recent dedupe keys hold {bytes.Length} bytes, not a multiple of {BytesPerKey}.");
        }

        var count = bytes.Length / BytesPerKey;
        var keys = new RecentKey[count == 0 ? 0 : count + RoomToAdd];
        for (var i = 0; i < count; i++)
        {
            var slot = bytes.Slice(i * BytesPerKey, BytesPerKey);
            keys[i] = new RecentKey(BinaryPrimitives.ReadInt64LittleEndian(slot), BinaryPrimitives.ReadUInt64LittleEndian(slot[8..]));
        }

        try
        {
            return new RecentKeySet(keys, count);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }
}
