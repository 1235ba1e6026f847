using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Retraining;

/// <summary>
/// Durable Functions' own management URLs for a run's orchestration instance (its built-in HTTP API under
/// <c>/runtime/webhooks/durabletask</c>, authorized by the system key the Functions host adds): status, raise event,
/// terminate, suspend, resume, purge history, and restart or rewind where the extension gives them (null where it
/// does not). The <c>{eventName}</c> and <c>{text}</c> placeholders are Durable's and stay in the URLs, which is why
/// they are strings. Only the Functions host provides these endpoints.
/// </summary>
public sealed record DurableManagementLinks(
    string Id,
    string? StatusQueryGetUri,
    string? SendEventPostUri,
    string? TerminatePostUri,
    string? SuspendPostUri,
    string? ResumePostUri,
    string? PurgeHistoryDeleteUri,
    string? RestartPostUri,
    string? RewindPostUri)
{
    public static DurableManagementLinks From(string instanceId, HttpManagementPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new DurableManagementLinks(
            payload.Id ?? instanceId, payload.StatusQueryGetUri, payload.SendEventPostUri, payload.TerminatePostUri,
            payload.SuspendPostUri, payload.ResumePostUri, payload.PurgeHistoryDeleteUri, payload.RestartPostUri,
            payload.RewindPostUri);
    }
}
