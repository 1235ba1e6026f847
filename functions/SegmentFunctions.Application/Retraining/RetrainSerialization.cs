using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The one serializer of the retraining orchestration's payloads, for every host: the standalone Durable Task worker
/// and client take <see cref="DataConverter"/> (registered in DI by <c>AddSegmentRetraining</c>, where the SDK looks
/// for it), and the Azure Functions worker takes <see cref="Options"/> as its serializer, so inputs, results and
/// custom status read and write the same JSON in both. Source-generated metadata (<see cref="RetrainJsonContext"/>)
/// for the retraining types; reflection only for a type it does not list.
/// </summary>
public static class RetrainSerialization
{
    /// <summary>Web defaults (camelCase, case-insensitive reading), enums as strings, NaN as a literal. Read-only.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>A Durable Task data converter over <see cref="Options"/>.</summary>
    public static DataConverter DataConverter { get; } = new JsonDataConverter(Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RetrainJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(RetrainJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}
