using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>
/// Runs the retraining orchestration in this process to completion, as the RetrainWorker function would, reporting
/// the run's custom status (step and progress) while it runs.
/// </summary>
internal sealed class RetrainRunner(OrchestrationClient client, OrchestrationWorker worker, OrchestrationRegistry orchestrations)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<RetrainRun> RunAsync(RetrainRequest request, IProgress<OrchestrationCustomStatus>? progress, CancellationToken cancellationToken)
    {
        var start = await client.StartNewAsync(RetrainOrchestration.Name, request, cancellationToken);
        var running = worker.RunAsync(start.RunId, cancellationToken);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(PollInterval, cancellationToken));
            if (await client.GetStatusAsync(start.RunId, cancellationToken) is { CustomStatus: { } step })
            {
                progress?.Report(step);
            }
        }

        var status = await running;
        return status.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? new RetrainRun(status, status.ReadOutput<RetrainResult>(orchestrations.Serializer.Options)
                ?? throw new InvalidDataException($"Run {status.Id} completed without a result."))
            : new RetrainRun(status, null);
    }
}
