using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>
/// The body the Functions host posts to <c>/{FunctionName}</c> for a non-HTTP trigger: one <see cref="Data"/> entry
/// per input binding (keyed by its function.json name) and the trigger's binding data in <see cref="Metadata"/>.
/// Values stay as <see cref="JsonElement"/> because the host encodes most of them once more as JSON strings.
/// </summary>
public sealed record InvocationRequest(
    Dictionary<string, JsonElement>? Data,
    Dictionary<string, JsonElement>? Metadata);
