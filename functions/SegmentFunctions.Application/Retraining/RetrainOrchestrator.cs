using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The retraining workflow: snapshot the features as of T, find the snapshot near T - H (churn labels for the
/// promotion gate; none is a cold start) and the serving champion, check readiness, fit segmentation, lifetime models
/// and churn classifier (on the cut-off snapshot, or on a rolling origin of T's purchase histories without one) in
/// parallel, assemble the challenger, evaluate champion and challenger on the same holdout, let the
/// <see cref="PromotionGate"/> decide, and publish, promote and batch score, or keep the champion; last, record how
/// the run ended. A Durable Task orchestrator: replayed from its history, so time comes from the context, every effect
/// from an activity, and the gate is a pure function of the recorded evaluation. The run id is the instance id.
/// </summary>
[DurableTask(RetrainOrchestration.Name)]
public sealed class RetrainOrchestrator(IOptions<RetrainingOptions> options, PromotionGate gate) : TaskOrchestrator<RetrainRequest, RetrainResult>
{
    public override async Task<RetrainResult> RunAsync(TaskOrchestrationContext context, RetrainRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var calls = new RetrainCalls(context, settings.Retry);
        var started = Now(context);
        RetrainResult result;
        try
        {
            result = await RetrainAsync(calls, input, settings, started);
        }
        catch (TaskFailedException failed)
        {
            var error = failed.FailureDetails;
            await RecordAsync(calls, new RecordRunInput(context.InstanceId, input, started, Now(context), calls.Progress, null,
                new RetrainRunFailure(failed.TaskName, ShortTypeName(error.ErrorType), error.ErrorMessage)));
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordAsync(calls, new RecordRunInput(context.InstanceId, input, started, Now(context), calls.Progress, null,
                new RetrainRunFailure(calls.Progress?.Step ?? RetrainOrchestration.Name, ex.GetType().Name, ex.Message)));
            throw;
        }

        await RecordAsync(calls, new RecordRunInput(context.InstanceId, input, started, Now(context), calls.Progress, result, null));
        return result;
    }

    private async Task<RetrainResult> RetrainAsync(RetrainCalls run, RetrainRequest input, RetrainingOptions settings, DateTimeOffset started)
    {
        var runId = run.InstanceId;
        var asOf = input.AsOf ?? started;
        var horizon = settings.ChurnHorizonDays;

        run.Report(RetrainSteps.Snapshot, 0.0);
        var (snapshot, counted) = await SnapshotAsync(run, new TakeSnapshotInput(RetrainIds.Snapshot(runId, asOf), asOf), horizon);
        var cutoff = await run.CallAsync<CutoffSnapshot>(
            RetrainActivityNames.FindCutoffSnapshot, new FindCutoffSnapshotInput(asOf.AddDays(-horizon), settings.CutoffTolerance));
        var champion = await run.CallAsync<ChampionInfo>(RetrainActivityNames.FindChampion, runId);

        run.Report(RetrainSteps.Readiness, 0.15);
        var readiness = await run.CallAsync<ReadinessResult>(
            RetrainActivityNames.CheckReadiness, new CheckReadinessInput(snapshot.SnapshotId, asOf, horizon, cutoff.SnapshotId is not null, counted));

        run.Report(RetrainSteps.Fit, 0.2);
        Task<ChurnPartResult>? churnTask = null;
        if (readiness.ChurnReady)
        {
            // Without a snapshot near T - H (a first run) the activity trains on a rolling origin from T's purchase histories.
            churnTask = run.CallAsync<ChurnPartResult>(
                RetrainActivityNames.TrainChurnClassifier, new TrainChurnInput(runId, snapshot.SnapshotId, cutoff.SnapshotId, cutoff.AsOf, readiness.EarliestFirstSeen));
        }

        var fitsTask = FitSnapshotAsync(run, snapshot, champion.Version);
        await Task.WhenAll(churnTask is null ? [fitsTask] : [fitsTask, churnTask]);
        var (segmentation, lifetime) = await fitsTask;
        var churn = churnTask is null ? null : await churnTask;
        var notTrained = churn is null ? readiness.ChurnNotReadyReason : churn.NotTrainedReason;

        run.Report(RetrainSteps.Assemble, 0.6);
        var version = RetrainIds.ModelVersion(runId, started);
        var challenger = await run.CallAsync<ChallengerInfo>(
            RetrainActivityNames.AssembleChallenger,
            new AssembleChallengerInput(runId, version, asOf, started, segmentation.Customers, segmentation.Blob, lifetime.Blob, churn?.Blob, notTrained));

        run.Report(RetrainSteps.Evaluate, 0.7);
        var evaluation = await run.CallAsync<ChallengerEvaluation>(
            RetrainActivityNames.EvaluateChallenger,
            new EvaluateChallengerInput(challenger.BundleBlob, champion.Version, snapshot.SnapshotId, cutoff.SnapshotId, cutoff.AsOf, churn?.Blob, horizon));

        var decision = Decide(input, champion, evaluation, asOf, settings);
        var metrics = new RetrainMetrics(
            segmentation.Customers, segmentation.Segments, evaluation.ChallengerSegmentSizes, evaluation.HoldoutCustomers,
            evaluation.ChallengerAuc, evaluation.ChampionAuc, challenger.ChurnClassifierTrained, notTrained, segmentation.Elbo,
            lifetime.BgNbdLogLikelihood, lifetime.GammaGammaLogLikelihood);
        if (!decision.Promote)
        {
            run.Report(RetrainSteps.Done, 1.0);
            return new RetrainResult(
                RetrainOutcome.KeptChampion, version, champion.Version, decision.Reason, asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics, null);
        }

        run.Report(RetrainSteps.Publish, 0.85);
        var published = await run.CallAsync<PublishResult>(
            RetrainActivityNames.Publish,
            new PublishInput(runId, version, challenger.BundleBlob, challenger.ContentSha256, decision.Reason, champion.Version, champion.ETag,
                asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics));

        run.Report(RetrainSteps.BatchScore, 0.9);
        var scores = await BatchScoreAsync(run, snapshot, new BatchScoreInput(published.Version, snapshot.SnapshotId, published.PreviousVersion));

        run.Report(RetrainSteps.Done, 1.0);
        return new RetrainResult(
            RetrainOutcome.Published, published.Version, published.ServingVersion, decision.Reason, asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics, scores);
    }

    /// <summary>
    /// The snapshot at T, its shards written in parallel (one activity per range of the feature store, fanned out) and
    /// completed by its manifest, with the readiness counts the shards' writers took, in shard order (null when a shard
    /// has none); a snapshot complete already (a replayed or resumed run) is taken as it is, without counts.
    /// </summary>
    private static async Task<(SnapshotTaken Snapshot, IReadOnlyList<ShardReadinessCounts>? Counted)> SnapshotAsync(
        RetrainCalls run, TakeSnapshotInput input, int horizonDays)
    {
        var planned = await run.CallAsync<SnapshotPlanned>(RetrainActivityNames.PlanSnapshot, input);
        if (planned.Complete is { } complete)
        {
            return (complete, null);
        }

        var written = await Task.WhenAll(Enumerable.Range(0, planned.Shards).Select(shard => run.CallAsync<SnapshotShardWritten>(
            RetrainActivityNames.WriteSnapshotShard, new WriteSnapshotShardInput(planned.SnapshotId, input.AsOf, shard, horizonDays))));
        ShardReadinessCounts[] counted = [.. written.OrderBy(s => s.Shard).Select(s => s.Readiness).OfType<ShardReadinessCounts>()];
        var snapshot = await run.CallAsync<SnapshotTaken>(RetrainActivityNames.CompleteSnapshot, input);
        return (snapshot, counted.Length == written.Length ? counted : null);
    }

    /// <summary>
    /// Segmentation and BG/NBD + Gamma-Gamma on the snapshot at T: one <see cref="RetrainActivityNames.PrepareFitShard"/>
    /// per snapshot shard, fanned out, each writing its shard's segmentation rows and compressed lifetime data; then the
    /// two fits on the shards' parts combined, in parallel. The history holds one call per shard and one per fit,
    /// however many iterations the mixture takes.
    /// </summary>
    private static async Task<(SegmentationPartResult Segmentation, LifetimePartResult Lifetime)> FitSnapshotAsync(
        RetrainCalls run, SnapshotTaken snapshot, string? championVersion)
    {
        var prepared = await Task.WhenAll(Enumerable.Range(0, snapshot.Shards).Select(shard => run.CallAsync<FitShardPrepared>(
            RetrainActivityNames.PrepareFitShard, new PrepareFitShardInput(run.InstanceId, snapshot.SnapshotId, shard))));
        var shards = prepared.OrderBy(s => s.Shard).ToArray();
        var segmentation = run.CallAsync<SegmentationPartResult>(
            RetrainActivityNames.FitSegmentation,
            new FitSegmentationInput(
                run.InstanceId, snapshot.SnapshotId, championVersion, [.. shards.Select(s => s.SegmentationBlob)], [.. shards.Select(s => s.FeatureRowsBlob)]));
        var lifetime = run.CallAsync<LifetimePartResult>(
            RetrainActivityNames.FitLifetime, new FitLifetimeInput(run.InstanceId, [.. shards.Select(s => s.LifetimeBlob)]));
        await Task.WhenAll(segmentation, lifetime);
        return (await segmentation, await lifetime);
    }

    /// <summary>
    /// The batch scores of the published model: one activity per snapshot shard, fanned out, each writing its shard's
    /// part; then one that merges the parts into the files the serving side reads.
    /// </summary>
    private static async Task<BatchScoreSummary> BatchScoreAsync(RetrainCalls run, SnapshotTaken snapshot, BatchScoreInput input)
    {
        await Task.WhenAll(Enumerable.Range(0, snapshot.Shards).Select(shard => run.CallAsync<BatchScoreShardResult>(
            RetrainActivityNames.BatchScoreShard, new BatchScoreShardInput(input.ModelVersion, input.SnapshotId, shard))));
        return await run.CallAsync<BatchScoreSummary>(RetrainActivityNames.MergeBatchScores, input);
    }

    private static async Task RecordAsync(RetrainCalls calls, RecordRunInput record)
    {
        try
        {
            await calls.CallAsync<bool>(RetrainActivityNames.RecordRun, record);
        }
        catch (TaskFailedException ex)
        {
            // The run's outcome stands without its record; only `segment runs` on a forgetful backend misses it.
            calls.Logger.LogWarning("Run {RunId}: its record could not be written: {Error}", record.RunId, ex.FailureDetails.ErrorMessage);
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    /// <summary>"RetrainDataException" for "SegmentFunctions.Application.Retraining.RetrainDataException".</summary>
    private static string ShortTypeName(string errorType) => errorType[(errorType.LastIndexOf('.') + 1)..];

    private PromotionDecision Decide(RetrainRequest input, ChampionInfo champion, ChallengerEvaluation evaluation, DateTimeOffset asOf, RetrainingOptions settings)
    {
        if (!evaluation.Labelled)
        {
            if (champion.Version is { } serving && !input.Force)
            {
                var cutoff = asOf.AddDays(-settings.ChurnHorizonDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new PromotionDecision(false,
                    $"Champion kept: no snapshot within {settings.CutoffTolerance.TotalDays:0.#} days of T - H ({cutoff}) gives churn labels, so the challenger cannot be compared with {serving}. A forced run promotes on segments alone.");
            }

            return gate.DecideOnSegments(evaluation.ChallengerSegmentSizes);
        }

        var championEvaluation = champion.Version is null ? null : new ModelEvaluation(evaluation.ChampionAuc ?? double.NaN, []);
        var decision = gate.Decide(championEvaluation, new ModelEvaluation(evaluation.ChallengerAuc ?? double.NaN, evaluation.ChallengerSegmentSizes));
        return evaluation.ChampionProblem is { } problem ? decision with { Reason = $"{decision.Reason} {problem}" } : decision;
    }
}
