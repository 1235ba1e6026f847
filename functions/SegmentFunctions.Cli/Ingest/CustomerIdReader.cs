using System.Text;
using System.Text.Json;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// Reads the top-level <c>customerId</c> of one JSON line without building a document: only to route the line to a
/// partition. Validation is the featurizer's job, so anything unreadable simply yields null.
/// </summary>
internal static class CustomerIdReader
{
    private static ReadOnlySpan<byte> PropertyName => "customerId"u8;

    public static string? TryRead(string line) => TryRead(Encoding.UTF8.GetBytes(line));

    /// <param name="utf8">The line's UTF-8 bytes.</param>
    public static string? TryRead(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCustomerId = reader.ValueTextEquals(PropertyName);
                if (!reader.Read())
                {
                    return null;
                }

                if (isCustomerId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that does not unescape to valid Unicode (a lone surrogate escape).
            return null;
        }

        return null;
    }
}
