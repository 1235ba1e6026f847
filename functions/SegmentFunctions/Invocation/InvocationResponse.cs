using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Invocation;

/// <summary>
/// The answer to a non-HTTP invocation. The host logs each <see cref="Logs"/> entry, writes <see cref="Outputs"/> to
/// output bindings by name and feeds <see cref="ReturnValue"/> to <c>$return</c>; it reads none of it unless the
/// status code is 2xx.
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, JsonElement> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue)
{
    public static InvocationResponse WithLogs(params string[] logs) => new([], logs, null);
}
