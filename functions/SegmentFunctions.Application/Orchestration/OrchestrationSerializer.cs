using System.Security.Cryptography;
using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// Converts orchestration inputs, activity inputs and results to and from JSON with the caller's options (which may
/// carry a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> as resolver).
/// </summary>
public sealed class OrchestrationSerializer(JsonSerializerOptions options)
{
    public static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    public JsonSerializerOptions Options { get; } = options;

    public JsonElement ToElement(object? value, Type? declaredType = null) => value is null
        ? NullElement
        : JsonSerializer.SerializeToElement(value, declaredType ?? value.GetType(), Options);

    public T FromElement<T>(JsonElement element, string what)
    {
        try
        {
            return element.Deserialize<T>(Options)!;
        }
        catch (JsonException ex)
        {
            throw new JsonException($"The {what} JSON does not fit {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    public static byte[] Utf8(JsonElement element) =>
        JsonSerializer.SerializeToUtf8Bytes(element, OrchestrationJsonContext.Default.JsonElement);

    public static string Hash(JsonElement element) => Convert.ToHexStringLower(SHA256.HashData(Utf8(element)));
}
