using System.Globalization;
using System.Text.Json;

namespace SegmentFunctions.Ingestion;

/// <summary>
/// Reads the Functions host's binding data: it serializes values that are not strings with Newtonsoft and sends the
/// result as JSON text (<c>PartitionContext</c> as an object's text, arrays as "[1,2]", sometimes once more as a JSON
/// string). The rule is "if a value is a JSON string whose text parses as JSON, parse again", which reads single and
/// double encoding alike.
/// </summary>
public static class BindingDataValue
{
    /// <summary>
    /// A binding data value as JSON, or null when there is none. The worker hands over text (the host's JSON and
    /// strings), numbers, and collections of strings or numbers; text is parsed (and unwrapped) when it is JSON.
    /// </summary>
    public static JsonElement? ToJson(object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value is JsonElement element)
        {
            return Unwrap(element);
        }

        if (value is string text && TryParse(text, out var parsed))
        {
            return Unwrap(parsed);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(writer, value))
            {
                return null;
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Peels JSON-string layers until the value is not a string holding JSON text.</summary>
    public static JsonElement Unwrap(JsonElement value)
    {
        while (value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out var inner))
        {
            value = inner;
        }

        return value;
    }

    /// <summary>
    /// The raw body of one event as sent, whether or not it is JSON, so a body of plain text reaches the validator as
    /// it was sent (and is dead-lettered there); only a body that is a JSON string literal of JSON text is peeled,
    /// because that is the host's encoding applied once more.
    /// </summary>
    public static string EventBody(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Only text that opens with a quote can be a JSON string literal; other bodies are not parsed here at all.
        while (text.AsSpan().TrimStart().StartsWith('"') && TryParse(text, out var inner) && inner.ValueKind == JsonValueKind.String)
        {
            text = inner.GetString()!;
        }

        return text;
    }

    /// <summary>A property of a JSON object by exact, else case-insensitive, name.</summary>
    public static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>A scalar as text: strings as their value, numbers and booleans as written; null otherwise.</summary>
    public static string? AsText(JsonElement value) => Unwrap(value) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } n => n.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A date as UTC. The host writes DateTime values of Kind Unspecified without an offset; those are UTC by the
    /// triggers' convention, so they are read as UTC rather than local time.
    /// </summary>
    public static DateTimeOffset? AsUtc(JsonElement value) =>
        AsText(value) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static bool TryWrite(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                return true;
            case long or int or short:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case double or float:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case DateTime or DateTimeOffset:
                writer.WriteStringValue(((IFormattable)value).ToString("O", CultureInfo.InvariantCulture));
                return true;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else if (!TryWrite(writer, item))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                return false;
        }
    }

    private static bool TryParse(string text, out JsonElement parsed)
    {
        parsed = default;
        var trimmed = text.AsSpan().Trim();
        // Most non-JSON text is recognisable from its first character; skipping it avoids a thrown JsonException.
        if (trimmed.IsEmpty || !StartsLikeJson(trimmed[0]))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            parsed = document.RootElement.Clone();
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text holding a lone surrogate cannot be transcoded to UTF-8, so it is no JSON either.
            return false;
        }
    }

    private static bool StartsLikeJson(char first) =>
        first is '{' or '[' or '"' or '-' or 't' or 'f' or 'n' || char.IsAsciiDigit(first);
}
