using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>Reading the parts every trigger's invocation payload shares: the envelope and the trigger's Data entry.</summary>
public static class InvocationPayload
{
    /// <exception cref="MalformedInvocationException">The payload is not JSON of the host's shape.</exception>
    public static InvocationRequest Parse(ReadOnlySpan<byte> payload)
    {
        InvocationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(payload, InvocationJsonContext.Default.InvocationRequest);
        }
        catch (JsonException ex)
        {
            throw new MalformedInvocationException($"The invocation payload is not JSON of the host's shape: {ex.Message}", ex);
        }

        return request ?? throw new MalformedInvocationException("The invocation payload is JSON null.");
    }

    /// <summary>
    /// The trigger's value, with the host's extra encoding peeled. The trigger is the first and here the only input
    /// binding, so when <paramref name="bindingName"/> is absent the single Data entry is taken (a renamed binding).
    /// </summary>
    /// <exception cref="MalformedInvocationException">No such entry, or it is null.</exception>
    public static JsonElement TriggerValue(InvocationRequest request, string bindingName)
    {
        if (request.Data is not { } data)
        {
            throw new MalformedInvocationException("The invocation payload has no Data.");
        }

        if (!InvocationValue.TryGetProperty(data, bindingName, out var value))
        {
            if (data.Count != 1)
            {
                throw new MalformedInvocationException($"The invocation payload has no Data.{bindingName} (Data has {data.Count} entries).");
            }

            value = data.Values.Single();
        }

        value = InvocationValue.Unwrap(value);
        return value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? throw new MalformedInvocationException($"Data.{bindingName} is null.")
            : value;
    }

    /// <summary><c>Metadata.sys.UtcNow</c>: when the host invoked the function, if it says.</summary>
    public static DateTimeOffset? InvokedAt(InvocationRequest request) =>
        InvocationValue.TryGetProperty(request.Metadata, "sys", out var sys)
        && InvocationValue.TryGetProperty(InvocationValue.Unwrap(sys), "UtcNow", out var now)
            ? InvocationValue.AsUtc(now)
            : null;
}
