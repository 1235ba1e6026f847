using System.Text.Json.Nodes;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>
/// Timer and queue invocation payloads of exactly the reference's shapes (§2b, §2c): the timer's TimerInfo as an
/// object; the queue message and its metadata double-encoded (strings quoted, numbers as strings).
/// </summary>
public static class InvocationPayloads
{
    /// <summary>§2b verbatim, the binding renamed to the function's ("timer").</summary>
    public const string ReferenceTimer = """
        { "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
          "Metadata": { "sys": { "MethodName": "RetrainSchedule", "UtcNow": "2022-07-05T11:40:07.4850616Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" } } }
        """;

    /// <summary>§2c verbatim (message text <c>aaaaa</c>), the binding renamed to the function's ("message").</summary>
    public const string ReferenceQueue = """
        { "Data": { "message": "\"aaaaa\"" },
          "Metadata": { "DequeueCount": "1", "ExpirationTime": "2022-06-20T06:00:06+00:00",
            "Id": "\"a0004923-f050-417a-9742-6d7c7b984134\"", "InsertionTime": "2022-06-13T06:00:06+00:00",
            "NextVisibleTime": "2022-06-13T06:10:18+00:00", "PopReceipt": "\"AgAAAAMAAAAAAAAA8d5gQex+2AE=\"",
            "sys": { "MethodName": "queue", "UtcNow": "2022-06-13T06:00:18.1974545Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" } } }
        """;

    /// <summary>A timer tick with the schedule monitor's state (ScheduleStatus {Last, Next, LastUpdated}).</summary>
    public static string Timer(bool isPastDue = false) => new JsonObject
    {
        ["Data"] = new JsonObject
        {
            ["timer"] = new JsonObject
            {
                ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = new JsonObject
                {
                    ["Last"] = "2026-11-21T03:00:00.0000000+00:00",
                    ["Next"] = "2026-11-22T03:00:00.0000000+00:00",
                    ["LastUpdated"] = "2026-11-21T03:00:00.0100000+00:00",
                },
                ["IsPastDue"] = isPastDue,
            },
        },
        ["Metadata"] = new JsonObject { ["sys"] = Sys("RetrainSchedule") },
    }.ToJsonString();

    /// <summary>
    /// The queue trigger's invocation for a message whose text is <paramref name="messageText"/>, built as the host
    /// builds it: the text serialized once more as a JSON string; a JSON object message also adds its top-level
    /// properties to Metadata (strings double-encoded).
    /// </summary>
    public static string Queue(string messageText, int dequeueCount = 1)
    {
        var metadata = new JsonObject
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ExpirationTime"] = "2026-11-29T03:00:01+00:00",
            ["Id"] = Encode(Guid.NewGuid().ToString()),
            ["InsertionTime"] = "2026-11-22T03:00:01+00:00",
            ["NextVisibleTime"] = "2026-11-22T03:10:01+00:00",
            ["PopReceipt"] = Encode("AgAAAAMAAAAAAAAA8d5gQex+2AE="),
        };
        if (messageText.TrimStart().StartsWith('{') && JsonNode.Parse(messageText) is JsonObject message)
        {
            foreach (var (name, value) in message)
            {
                metadata[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? Encode(text) : value?.DeepClone();
            }
        }

        metadata["sys"] = Sys("RetrainWorker");
        return new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = Encode(messageText) },
            ["Metadata"] = metadata,
        }.ToJsonString();
    }

    /// <summary>The host's second encoding of a string: Newtonsoft serializes it, quotes included.</summary>
    private static string Encode(string text) => JsonValue.Create(text)!.ToJsonString();

    private static JsonObject Sys(string function) => new()
    {
        ["MethodName"] = function,
        ["UtcNow"] = "2026-11-22T03:00:02.1234567Z",
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };
}
