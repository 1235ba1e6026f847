using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>
/// Runs the retraining orchestration in this process to completion, as the RetrainWorker function would, reporting
/// the run's custom status (step and progress) while it runs; then batch-scores a published model whose scores are not
/// there yet, against the version it replaced so that segment flows are recorded.
/// </summary>
internal sealed class RetrainRunner(
    OrchestrationClient client, OrchestrationWorker worker, OrchestrationRegistry orchestrations, ModelRegistry models,
    BatchScoreReader scores, BatchScorer scorer)
{
    /// <summary>The step name reported while the published model scores every customer.</summary>
    public const string BatchScoreStep = "batch score";

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
        if (status.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            return new RetrainRun(status, null, null);
        }

        var result = status.ReadOutput<RetrainResult>(orchestrations.Serializer.Options)
            ?? throw new InvalidDataException($"Run {status.Id} completed without a result.");
        if (result.Outcome != RetrainOutcome.Published)
        {
            return new RetrainRun(status, result, null);
        }

        var manifest = await scores.ReadManifestAsync(result.ModelVersion, cancellationToken)
            ?? await ScoreAsync(result, progress, cancellationToken);
        return new RetrainRun(status, result, manifest);
    }

    private async Task<BatchScoreManifest> ScoreAsync(RetrainResult result, IProgress<OrchestrationCustomStatus>? progress, CancellationToken cancellationToken)
    {
        ModelBundle bundle;
        await using (var stream = await models.OpenBundleAsync(result.ModelVersion, cancellationToken))
        {
            bundle = await ModelBundleSerializer.LoadAsync(stream, cancellationToken);
        }

        var current = await models.GetCurrentAsync(cancellationToken);
        var previous = current?.Model is { Version: var serving, PreviousVersion: var before } && serving == result.ModelVersion ? before : null;
        var share = new Progress<double>(p => progress?.Report(new OrchestrationCustomStatus(BatchScoreStep, p)));
        return await scorer.ScoreAsync(bundle, result.SnapshotId, previous, share, cancellationToken);
    }
}
