using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.DurableTask;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>
/// Runs the retraining orchestration to completion on the local Durable Task worker in this process, reporting the
/// run's custom status (step and progress) while it runs.
/// </summary>
internal sealed class RetrainRunner(LocalDurableTaskHost host, RetrainRuns runs)
{
    public async Task<RetrainRun> RunAsync(RetrainRequest request, IProgress<RetrainProgress>? progress, CancellationToken cancellationToken)
    {
        await host.StartAsync(cancellationToken);
        var start = await runs.StartAsync(host.Client, request, cancellationToken);
        var status = await runs.WaitForCompletionAsync(host.Client, start.RunId, progress, cancellationToken);
        return new RetrainRun(status, status.ReadResult());
    }
}
