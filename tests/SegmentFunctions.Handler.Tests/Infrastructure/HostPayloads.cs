using System.Text;
using System.Text.Json.Nodes;

namespace SegmentFunctions.Handler.Tests.Infrastructure;

/// <summary>
/// Invocation payloads built the way the Functions host builds them (reference §2, §2a): for an eventHubTrigger with
/// cardinality many and dataType string, <c>Data.events</c> and every <c>*Array</c> metadata value are JSON strings
/// holding JSON arrays, and <c>PartitionContext</c> and <c>sys</c> are objects. <c>doubleEncoded: false</c> sends the
/// same values as plain JSON (the documentation's simplified shape).
/// </summary>
public static class HostPayloads
{
    /// <summary>The reference's §2a example, verbatim apart from the elided system properties.</summary>
    public const string ReferenceExample = """
        { "Data": { "events": "[\"{\\\"id\\\":1}\",\"{\\\"id\\\":2}\"]" },
          "Metadata": {
            "PartitionContext": { "FullyQualifiedNamespace": "ns.servicebus.windows.net", "EventHubName": "telemetry", "ConsumerGroup": "$Default", "PartitionId": "0" },
            "PartitionKeyArray": "[null,null]",
            "OffsetArray": "[\"4294967296\",\"4294967400\"]",
            "SequenceNumberArray": "[100,101]",
            "EnqueuedTimeUtcArray": "[\"2025-05-01T10:00:00\",\"2025-05-01T10:00:01\"]",
            "PropertiesArray": "[{},{\"source\":\"dev1\"}]",
            "SystemPropertiesArray": "[{\"x-opt-sequence-number\":100,\"SequenceNumber\":100,\"Offset\":4294967296,\"PartitionKey\":null,\"EnqueuedTimeUtc\":\"2025-05-01T10:00:00\"},{\"x-opt-sequence-number\":101,\"SequenceNumber\":101,\"Offset\":4294967400,\"PartitionKey\":null,\"EnqueuedTimeUtc\":\"2025-05-01T10:00:01\"}]",
            "sys": { "MethodName": "EventHubBatch", "UtcNow": "2025-05-01T10:00:02.1Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" } } }
        """;

    public static string EventHubBatch(
        IReadOnlyList<string> bodies,
        string? partitionId = "3",
        string eventHubName = "customer-events",
        IReadOnlyList<long>? sequenceNumbers = null,
        IReadOnlyList<string>? enqueuedTimes = null,
        bool doubleEncoded = true,
        bool withMetadataArrays = true)
    {
        var metadata = new JsonObject();
        if (partitionId is not null)
        {
            metadata["PartitionContext"] = new JsonObject
            {
                ["FullyQualifiedNamespace"] = "ns.servicebus.windows.net",
                ["EventHubName"] = eventHubName,
                ["ConsumerGroup"] = "$Default",
                ["PartitionId"] = partitionId,
            };
        }

        if (withMetadataArrays)
        {
            var sequences = sequenceNumbers ?? [.. Enumerable.Range(0, bodies.Count).Select(i => 1000L + i)];
            var times = enqueuedTimes ?? [.. Enumerable.Range(0, bodies.Count).Select(i => $"2025-05-01T10:00:{i % 60:00}")];
            metadata["SequenceNumberArray"] = Value(new JsonArray([.. sequences.Select(s => JsonValue.Create(s))]), doubleEncoded);
            metadata["EnqueuedTimeUtcArray"] = Value(new JsonArray([.. times.Select(t => JsonValue.Create(t))]), doubleEncoded);
            metadata["PartitionKeyArray"] = Value(new JsonArray([.. bodies.Select(_ => (JsonNode?)null)]), doubleEncoded);
        }

        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = "FeaturizeEvents",
            ["UtcNow"] = "2025-05-01T10:00:02.1Z",
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };

        var events = new JsonArray([.. bodies.Select(b => JsonValue.Create(b))]);
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["events"] = Value(events, doubleEncoded) },
            ["Metadata"] = metadata,
        };
        return payload.ToJsonString();
    }

    public static StringContent Content(string payload) => new(payload, Encoding.UTF8, "application/json");

    /// <summary>The host's second encoding: the value serialized to JSON and sent as a string.</summary>
    private static JsonNode Value(JsonNode value, bool doubleEncoded) =>
        doubleEncoded ? JsonValue.Create(value.ToJsonString())! : value;
}
