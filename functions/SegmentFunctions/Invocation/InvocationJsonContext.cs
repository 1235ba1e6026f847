using System.Text.Json.Serialization;

namespace SegmentFunctions.Invocation;

/// <summary>
/// Source-generated JSON for the host's invocation payloads. The host writes .NET casing with Newtonsoft, so reading
/// is case-insensitive; the response keeps the host's names and writes a null <c>ReturnValue</c> explicitly.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(InvocationRequest))]
[JsonSerializable(typeof(InvocationResponse))]
public sealed partial class InvocationJsonContext : JsonSerializerContext;
