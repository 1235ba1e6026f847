using System.Globalization;
using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>
/// Undoes the host's extra encoding: it serializes every value that is not an object, a date or bytes with
/// Newtonsoft and sends the result as a JSON string (arrays arrive as "[1,2]", strings as "\"abc\""). The rule is
/// "if a value is a JSON string whose text parses as JSON, parse again", which reads single and double encoding alike.
/// </summary>
public static class InvocationValue
{
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
    /// The raw body of one event. A string element is the body itself, whether or not it is JSON, so a body of plain
    /// text reaches the validator as it was sent (and is dead-lettered there); only a body that is a JSON string
    /// literal of JSON text is peeled, because that is the host's encoding applied once more. Any other element (the
    /// host parsed the body when the binding has no dataType) is the body's JSON text.
    /// </summary>
    public static string EventBody(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return element.GetRawText();
        }

        var text = element.GetString()!;
        // Only text that opens with a quote can be a JSON string literal; other bodies are not parsed here at all.
        while (text.AsSpan().TrimStart().StartsWith('"') && TryParse(text, out var inner) && inner.ValueKind == JsonValueKind.String)
        {
            text = inner.GetString()!;
        }

        return text;
    }

    /// <summary>A property by exact name, else by case-insensitive name (the host's casing is .NET's, by convention).</summary>
    public static bool TryGetProperty(IReadOnlyDictionary<string, JsonElement>? values, string name, out JsonElement value)
    {
        value = default;
        if (values is null)
        {
            return false;
        }

        if (values.TryGetValue(name, out value))
        {
            return true;
        }

        foreach (var (key, candidate) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        return false;
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
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool StartsLikeJson(char first) =>
        first is '{' or '[' or '"' or '-' or 't' or 'f' or 'n' || char.IsAsciiDigit(first);
}
