using System.Text.Json;

namespace SegmentFunctions.Retraining;

/// <summary>A retrain-runs queue message: <c>{"runId":"..."}</c>, the run to execute or resume.</summary>
public sealed record RetrainRunMessage(string RunId)
{
    public string ToJson() => JsonSerializer.Serialize(this, RetrainingJsonContext.Default.RetrainRunMessage);

    /// <summary>
    /// The run id of a message's text: the JSON object this app writes, or a bare run id (a message written by hand).
    /// Null with <paramref name="problem"/> set when the text names no valid run id.
    /// </summary>
    public static string? TryReadRunId(string text, out string? problem)
    {
        var trimmed = text.Trim();
        string? runId = trimmed;
        if (trimmed.StartsWith('{'))
        {
            try
            {
                runId = JsonSerializer.Deserialize(trimmed, RetrainingJsonContext.Default.RetrainRunMessage)?.RunId;
            }
            catch (JsonException ex)
            {
                problem = $"The message is not a JSON object {{\"runId\":\"...\"}}: {ex.Message}";
                return null;
            }
        }

        if (!RetrainRunId.IsValid(runId))
        {
            problem = runId is null
                ? "The message has no runId."
                : $"'{Truncate(runId)}' is not a run id (yyyyMMddTHHmmssfffZ- and 12 hex digits).";
            return null;
        }

        problem = null;
        return runId;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
