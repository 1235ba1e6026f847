using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Retraining;

/// <summary>
/// Works off one retrain-runs message for the RetrainWorker function and the in-process worker alike: runs the named
/// run, or resumes it from its journal when an earlier delivery's worker died. Failures of the engine (store
/// unavailable, lease lost, cancellation) propagate: the run stays resumable and the message must reappear.
/// </summary>
public sealed partial class RetrainRunProcessor(OrchestrationWorker worker, ILogger<RetrainRunProcessor> logger)
{
    public async Task<RetrainRunOutcome> ProcessAsync(string messageText, CancellationToken cancellationToken)
    {
        if (RetrainRunMessage.TryReadRunId(messageText, out var problem) is not { } runId)
        {
            LogMalformed(logger, problem!);
            return new RetrainRunOutcome(RetrainRunDisposition.Malformed, problem!);
        }

        OrchestrationStatus status;
        try
        {
            status = await worker.RunAsync(runId, cancellationToken);
        }
        catch (OrchestrationNotFoundException)
        {
            LogUnknown(logger, runId);
            return new RetrainRunOutcome(RetrainRunDisposition.UnknownRun, $"There is no retrain run '{runId}'.");
        }

        if (!status.IsTerminal)
        {
            LogHeld(logger, runId, status.RuntimeStatus);
            return new RetrainRunOutcome(RetrainRunDisposition.HeldByAnotherWorker,
                $"Run {runId} is {status.RuntimeStatus} under another worker's lease; this delivery is a duplicate.");
        }

        var description = status.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? $"Run {runId} Failed at step {status.Failure?.Step}: {status.Failure?.Message}"
            : $"Run {runId} Completed.";
        LogFinished(logger, runId, status.RuntimeStatus, status.Failure?.Step);
        return new RetrainRunOutcome(RetrainRunDisposition.Finished, description);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A retrain-runs message names no run: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "A retrain-runs message names run {RunId}, which does not exist")]
    private static partial void LogUnknown(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} is {RuntimeStatus} under another worker's lease; dropping the duplicate message")]
    private static partial void LogHeld(ILogger logger, string runId, OrchestrationRuntimeStatus runtimeStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} is {RuntimeStatus} (failed step: {FailedStep})")]
    private static partial void LogFinished(ILogger logger, string runId, OrchestrationRuntimeStatus runtimeStatus, string? failedStep);
}
