using System.Globalization;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The retraining workflow: snapshot the features as of T, find the snapshot near T - H (churn labels; none is a cold
/// start) and the serving champion, check readiness, fit segmentation, lifetime models and churn classifier in
/// parallel, assemble the challenger, evaluate champion and challenger on the same holdout, let the
/// <see cref="PromotionGate"/> decide, and publish, promote and batch score, or keep the champion. Deterministic: time comes from
/// the context, every effect from an activity; the gate is a pure function of the recorded evaluation.
/// </summary>
public sealed class RetrainOrchestrator(IOptions<RetrainingOptions> options, PromotionGate gate) : IOrchestrator<RetrainRequest, RetrainResult>
{
    public async Task<RetrainResult> RunAsync(IOrchestrationContext context, RetrainRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var runId = context.InstanceId;
        var started = context.CurrentUtcDateTime;
        var asOf = input.AsOf ?? started;
        var horizon = settings.ChurnHorizonDays;

        context.SetCustomStatus(RetrainSteps.Snapshot, 0.0);
        var snapshot = await context.CallActivityAsync<SnapshotTaken>(
            RetrainActivityNames.TakeSnapshot, new TakeSnapshotInput(RetrainIds.Snapshot(runId, asOf), asOf));
        var cutoff = await context.CallActivityAsync<CutoffSnapshot>(
            RetrainActivityNames.FindCutoffSnapshot, new FindCutoffSnapshotInput(asOf.AddDays(-horizon), settings.CutoffTolerance, snapshot.SnapshotId));
        var champion = await context.CallActivityAsync<ChampionInfo>(RetrainActivityNames.FindChampion, runId);

        context.SetCustomStatus(RetrainSteps.Readiness, 0.15);
        var readiness = await context.CallActivityAsync<ReadinessResult>(
            RetrainActivityNames.CheckReadiness, new CheckReadinessInput(snapshot.SnapshotId, asOf, horizon));

        context.SetCustomStatus(RetrainSteps.Fit, 0.2);
        var fitInput = new FitPartInput(runId, snapshot.SnapshotId, asOf, champion.Version);
        var segmentationTask = context.CallActivityAsync<SegmentationPartResult>(RetrainActivityNames.FitSegmentation, fitInput);
        var lifetimeTask = context.CallActivityAsync<LifetimePartResult>(RetrainActivityNames.FitLifetime, fitInput);
        Task<ChurnPartResult>? churnTask = null;
        if (cutoff is { SnapshotId: { } cutoffId, AsOf: { } cutoffAsOf } && readiness.ChurnReady)
        {
            churnTask = context.CallActivityAsync<ChurnPartResult>(
                RetrainActivityNames.TrainChurnClassifier, new TrainChurnInput(runId, snapshot.SnapshotId, cutoffId, cutoffAsOf));
        }

        await Task.WhenAll(churnTask is null ? [segmentationTask, lifetimeTask] : [segmentationTask, lifetimeTask, churnTask]);
        var segmentation = await segmentationTask;
        var lifetime = await lifetimeTask;
        var churn = churnTask is null ? null : await churnTask;
        var notTrained = cutoff.SnapshotId is null ? ModelBundleTrainer.NoCutoffReason
            : churn is null ? readiness.ChurnNotReadyReason
            : churn.NotTrainedReason;

        context.SetCustomStatus(RetrainSteps.Assemble, 0.6);
        var version = RetrainIds.ModelVersion(runId, started);
        var challenger = await context.CallActivityAsync<ChallengerInfo>(
            RetrainActivityNames.AssembleChallenger,
            new AssembleChallengerInput(runId, version, asOf, started, segmentation.Customers, segmentation.Blob, lifetime.Blob, churn?.Blob, notTrained));

        context.SetCustomStatus(RetrainSteps.Evaluate, 0.7);
        var evaluation = await context.CallActivityAsync<ChallengerEvaluation>(
            RetrainActivityNames.EvaluateChallenger,
            new EvaluateChallengerInput(challenger.BundleBlob, champion.Version, snapshot.SnapshotId, cutoff.SnapshotId, cutoff.AsOf, churn?.Blob, horizon));

        var decision = Decide(input, champion, evaluation, asOf, settings);
        var metrics = new RetrainMetrics(
            segmentation.Customers, segmentation.Segments, evaluation.ChallengerSegmentSizes, evaluation.HoldoutCustomers,
            evaluation.ChallengerAuc, evaluation.ChampionAuc, challenger.ChurnClassifierTrained, notTrained, segmentation.Elbo,
            lifetime.BgNbdLogLikelihood, lifetime.GammaGammaLogLikelihood);
        if (!decision.Promote)
        {
            context.SetCustomStatus(RetrainSteps.Done, 1.0);
            return new RetrainResult(
                RetrainOutcome.KeptChampion, version, champion.Version, decision.Reason, asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics, null);
        }

        context.SetCustomStatus(RetrainSteps.Publish, 0.85);
        var published = await context.CallActivityAsync<PublishResult>(
            RetrainActivityNames.Publish,
            new PublishInput(runId, version, challenger.BundleBlob, challenger.ContentSha256, decision.Reason, champion.Version, champion.ETag,
                asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics));

        context.SetCustomStatus(RetrainSteps.BatchScore, 0.9);
        var scores = await context.CallActivityAsync<BatchScoreSummary>(
            RetrainActivityNames.BatchScore, new BatchScoreInput(published.Version, snapshot.SnapshotId, published.PreviousVersion));

        context.SetCustomStatus(RetrainSteps.Done, 1.0);
        return new RetrainResult(
            RetrainOutcome.Published, published.Version, published.ServingVersion, decision.Reason, asOf, snapshot.SnapshotId, cutoff.SnapshotId, metrics, scores);
    }

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
