namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// The journal layout in one container (default "runs"): a folder per run, and beside them, per orchestration name,
/// the singleton lease blob and the pointer to its latest run.
/// </summary>
public sealed class RunLayout(string container)
{
    public string Root { get; } = $"{container}/";

    public string Status(string runId) => $"{Root}{runId}/status.json";

    public string History(string runId) => $"{Root}{runId}/history/";

    public string Record(string runId, int sequence) => $"{History(runId)}{sequence:D6}.json";

    /// <summary>Unique per write, so a result blob left by a crashed attempt is never confused with the recorded one.</summary>
    public string Result(string runId, int sequence) => $"{Root}{runId}/results/{sequence:D6}-{Guid.NewGuid():N}.json";

    public string Lock(string orchestrationName) => $"{Root}{orchestrationName}.lock";

    public string ActivePointer(string orchestrationName) => $"{Root}{orchestrationName}.active.json";

    /// <summary>The run id when <paramref name="path"/> is a run's status blob, else null.</summary>
    public string? RunIdOfStatus(string path)
    {
        const string suffix = "/status.json";
        if (!path.StartsWith(Root, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var runId = path[Root.Length..^suffix.Length];
        return runId.Length > 0 && !runId.Contains('/', StringComparison.Ordinal) ? runId : null;
    }

    /// <summary>Time-ordered ids, so a listing of the container reads oldest first.</summary>
    public static string NewRunId(DateTimeOffset now) => $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}"[..32];

    internal static void ValidateName(string orchestrationName)
    {
        if (string.IsNullOrWhiteSpace(orchestrationName)
            || orchestrationName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException(
                $"Orchestration name '{orchestrationName}' must be non-empty ASCII letters, digits, '-' or '_' (it names blobs).",
                nameof(orchestrationName));
        }
    }
}
