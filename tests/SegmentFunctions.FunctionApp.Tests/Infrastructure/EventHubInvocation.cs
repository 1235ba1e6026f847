using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Ingestion;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// Invocations of FeaturizeEvents as the Functions host makes them for a batched string Event Hubs trigger: the bodies
/// as a string array, and binding data the worker hands over as text (<c>PartitionContext</c> as an object's JSON,
/// every <c>*Array</c> value as a JSON array's text, <c>sys</c> as an object's JSON).
/// </summary>
public static class EventHubInvocation
{
    public static Dictionary<string, object?> BindingData(
        int count,
        string? partitionId = "3",
        string eventHubName = "customer-events",
        IReadOnlyList<long>? sequenceNumbers = null,
        IReadOnlyList<string>? enqueuedTimes = null,
        bool withArrays = true)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (partitionId is not null)
        {
            data[EventHubBatchDecoder.PartitionContextKey] = new JsonObject
            {
                ["FullyQualifiedNamespace"] = "ns.servicebus.windows.net",
                ["EventHubName"] = eventHubName,
                ["ConsumerGroup"] = "$Default",
                ["PartitionId"] = partitionId,
            }.ToJsonString();
        }

        if (withArrays)
        {
            var sequences = sequenceNumbers ?? [.. Enumerable.Range(0, count).Select(i => 1000L + i)];
            var times = enqueuedTimes ?? [.. Enumerable.Range(0, count).Select(i => $"2025-05-01T10:00:{i % 60:00}")];
            data[EventHubBatchDecoder.SequenceNumbersKey] = new JsonArray([.. sequences.Select(s => JsonValue.Create(s))]).ToJsonString();
            data[EventHubBatchDecoder.EnqueuedTimesKey] = new JsonArray([.. times.Select(t => JsonValue.Create(t))]).ToJsonString();
            data[EventHubBatchDecoder.OffsetsKey] = new JsonArray([.. sequences.Select(s => JsonValue.Create((s * 128).ToString(System.Globalization.CultureInfo.InvariantCulture)))]).ToJsonString();
            data["PartitionKeyArray"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode?)null)]).ToJsonString();
        }

        data["sys"] = new JsonObject
        {
            ["MethodName"] = FeaturizeEventsFunction.Name,
            ["UtcNow"] = "2025-05-01T10:00:02.1Z",
            ["RandGuid"] = Guid.NewGuid().ToString(),
        }.ToJsonString();
        return data;
    }

    /// <summary>Runs FeaturizeEvents as the worker would: a new instance from <paramref name="services"/>, then the call.</summary>
    public static Task InvokeAsync(IServiceProvider services, string[]? events, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken = default)
    {
        var method = typeof(FeaturizeEventsFunction).GetMethod(nameof(FeaturizeEventsFunction.RunAsync))!;
        var context = new LocalFunctionContext(
            new LocalFunctionDefinition(FeaturizeEventsFunction.Name, method), services, bindingData, null, cancellationToken);
        var function = ActivatorUtilities.CreateInstance<FeaturizeEventsFunction>(services);
        return function.RunAsync(events!, context, cancellationToken);
    }
}
