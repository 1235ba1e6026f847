using System.Buffers;
using System.Text.Json;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Serialization;

/// <summary>
/// Decodes a whole stored feature document (as Cosmos DB keeps it) for scoring, without its
/// <see cref="CustomerFeatures.Processing"/> state: the de-duplication keys are most of a document's bytes and no model
/// reads them. The property
/// is found by its JSON name and its value skipped token by token, whatever its representation; the rest of the bytes
/// go through <see cref="DomainJsonContext"/> as for a full read. The result has an empty processing state, so it must
/// never be written back.
/// </summary>
public static class ServingFeaturesDecoder
{
    /// <summary>The JSON name of <see cref="CustomerFeatures.Processing"/> in the domain shape (camelCase).</summary>
    public static readonly string ProcessingPropertyName = JsonNamingPolicy.CamelCase.ConvertName(nameof(CustomerFeatures.Processing));

    private static readonly byte[] ProcessingUtf8 = System.Text.Encoding.UTF8.GetBytes(ProcessingPropertyName);

    /// <exception cref="JsonException">The bytes are not a JSON object in the domain shape.</exception>
    /// <exception cref="InvalidDataException">The document is the JSON literal null.</exception>
    public static CustomerFeatures Decode(ReadOnlySpan<byte> document)
    {
        if (FindProcessing(document) is not { } range)
        {
            return DecodeWhole(document);
        }

        var (start, end) = range;

        var length = document.Length - (end - start);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            document[..start].CopyTo(buffer);
            document[end..].CopyTo(buffer.AsSpan(start));
            return DecodeWhole(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The byte range to cut so that what is left is the same object without the top-level processing property: from
    /// the comma before its name (or, when it is the first property, from its name through the comma after its value).
    /// Null when the document has no such property or is not an object; the full decode then reports what is wrong.
    /// </summary>
    private static (int Start, int End)? FindProcessing(ReadOnlySpan<byte> document)
    {
        try
        {
            var reader = new Utf8JsonReader(document);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var isProcessing = reader.ValueTextEquals(ProcessingUtf8);
                reader.Skip();
                if (isProcessing)
                {
                    return Widen(document, nameStart, (int)reader.BytesConsumed);
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (int Start, int End) Widen(ReadOnlySpan<byte> document, int nameStart, int valueEnd)
    {
        var before = nameStart - 1;
        while (before >= 0 && IsWhiteSpace(document[before]))
        {
            before--;
        }

        if (before >= 0 && document[before] == (byte)',')
        {
            return (before, valueEnd);
        }

        var after = valueEnd;
        while (after < document.Length && IsWhiteSpace(document[after]))
        {
            after++;
        }

        return after < document.Length && document[after] == (byte)',' ? (nameStart, after + 1) : (nameStart, valueEnd);
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static CustomerFeatures DecodeWhole(ReadOnlySpan<byte> document) =>
        JsonSerializer.Deserialize(document, DomainJsonContext.Default.CustomerFeatures)
        ?? throw new InvalidDataException("A stored feature document is the JSON literal null.");
}
