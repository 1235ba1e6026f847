using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Retraining;

/// <summary>
/// Starts a retraining run (or finds the active one: runs are singletons) and puts its id on the retrain-runs queue,
/// whose worker executes it. The id is queued for an active run too: if that run's own message was lost (its worker
/// crashed past the last delivery), this one resumes it; if its worker is alive, the duplicate is dropped because the
/// worker holds the run's lease.
/// </summary>
public sealed partial class RetrainStarter(OrchestrationClient client, IWorkQueueFactory queues, ILogger<RetrainStarter> logger)
{
    public Task<OrchestrationStartResult> StartAsync(string trigger, CancellationToken cancellationToken) =>
        StartAsync(new RetrainRequest(trigger), cancellationToken);

    /// <summary>Starts a run with <paramref name="request"/>; an active run is returned as it is, whatever it was asked with.</summary>
    public async Task<OrchestrationStartResult> StartAsync(RetrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var trigger = request.Trigger;
        var start = await client.StartNewAsync(RetrainOrchestration.Name, request, cancellationToken);
        await queues.Get(RetrainOrchestration.QueueName).EnqueueAsync(new RetrainRunMessage(start.RunId).ToJson(), cancellationToken);
        if (start.Created)
        {
            LogStarted(logger, start.RunId, trigger);
        }
        else
        {
            LogActive(logger, start.RunId, trigger);
        }

        return start;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} started ({Trigger}) and queued")]
    private static partial void LogStarted(ILogger logger, string runId, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} is active; not starting another ({Trigger}), queued it again to resume it if it stalled")]
    private static partial void LogActive(ILogger logger, string runId, string trigger);
}
