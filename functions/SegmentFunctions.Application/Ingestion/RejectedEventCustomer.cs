using System.Text.Json;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// The customer a rejected event names, read as far as its body allows: the top-level <c>customerId</c> string when it
/// comes before whatever made the body invalid and is itself a valid id. Only rejected events are read this way, so
/// that their dead letters can be found and withheld by erasure.
/// </summary>
public static class RejectedEventCustomer
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>The customer id, or null when the body names none that can be read.</summary>
    public static string? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCustomerId = reader.ValueTextEquals("customerId"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isCustomerId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { } id && CustomerIdRule.Problem(id) is null ? id : null;
                }

                reader.Skip();
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The body is invalid before a customer id could be read.
        }

        return null;
    }
}
