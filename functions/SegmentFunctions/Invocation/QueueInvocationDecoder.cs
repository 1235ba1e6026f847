using System.Globalization;
using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>
/// Reads a queueTrigger invocation (no dataType, so the message is a string). The host encodes it once more:
/// message text <c>aaaaa</c> arrives as <c>"Data":{"message":"\"aaaaa\""}</c>, a JSON message as a string holding a
/// JSON string holding the JSON, and the metadata the same way (<c>"Id":"\"a000...\""</c>, <c>"DequeueCount":"1"</c>).
/// Single encoding and a numeric DequeueCount (the documentation's sample) are read too.
/// </summary>
public static class QueueInvocationDecoder
{
    /// <exception cref="MalformedInvocationException">The envelope cannot be read or it has no message.</exception>
    public static QueueInvocation Decode(ReadOnlySpan<byte> payload, string bindingName)
    {
        var request = InvocationPayload.Parse(payload);
        var message = InvocationPayload.TriggerValue(request, bindingName);
        var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();

        var metadata = request.Metadata;
        var id = InvocationValue.TryGetProperty(metadata, "Id", out var idValue) ? InvocationValue.AsText(idValue) : null;
        var dequeueCount = InvocationValue.TryGetProperty(metadata, "DequeueCount", out var countValue)
            && long.TryParse(InvocationValue.AsText(countValue), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : (long?)null;
        var inserted = InvocationValue.TryGetProperty(metadata, "InsertionTime", out var insertedValue) ? InvocationValue.AsUtc(insertedValue) : null;
        return new QueueInvocation(text, message, id, dequeueCount, inserted);
    }
}
