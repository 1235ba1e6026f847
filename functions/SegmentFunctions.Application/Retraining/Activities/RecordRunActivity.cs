using System.Text.Json;
using Microsoft.DurableTask;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Writes the run's terminal record (<c>runs/{runId}/run.json</c>): outcome or failure, start and end times. The
/// record is what lists past runs once the task hub no longer knows them. Idempotent: it overwrites with the same document.
/// </summary>
[DurableTask(RetrainActivityNames.RecordRun)]
public sealed class RecordRunActivity(RetrainRunStore runs, ActivityCancellation cancellation) : RetrainActivity<RecordRunInput, bool>(cancellation)
{
    protected override async Task<bool> ExecuteAsync(RecordRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await runs.ReadRecordAsync(input.RunId, cancellationToken);
        var completed = input.Result is not null;
        await runs.WriteRecordAsync(new RetrainRunStatus
        {
            Id = input.RunId,
            Name = RetrainOrchestration.Name,
            RuntimeStatus = completed ? RetrainRuntimeStatus.Completed : RetrainRuntimeStatus.Failed,
            Input = JsonSerializer.SerializeToElement(input.Request, RetrainJsonContext.Default.RetrainRequest),
            CustomStatus = completed ? new RetrainProgress(RetrainSteps.Done, 1.0) : input.LastProgress,
            Output = input.Result is { } result ? JsonSerializer.SerializeToElement(result, RetrainJsonContext.Default.RetrainResult) : null,
            Failure = input.Failure,
            CreatedTime = existing?.CreatedTime ?? input.StartedTime,
            StartedTime = input.StartedTime,
            LastUpdatedTime = input.CompletedTime,
        }, cancellationToken);
        return true;
    }
}
