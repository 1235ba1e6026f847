using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;

namespace SegmentFunctions.Retraining;

/// <summary>
/// The retraining activities under Durable Functions: each function resolves its class-based activity (a
/// <see cref="RetrainActivity{TInput, TOutput}"/> of the application) from the invocation's services and runs it under
/// the invocation's cancellation, as Microsoft.DurableTask.Generators would write them. The function names are the
/// activity names the orchestrator calls.
/// </summary>
public sealed class RetrainActivityFunctions
{
    [Function(RetrainActivityNames.PlanSnapshot)]
    public Task<SnapshotPlanned> PlanSnapshotAsync([ActivityTrigger] TakeSnapshotInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<PlanSnapshotActivity, TakeSnapshotInput, SnapshotPlanned>(input, context, cancellationToken);

    [Function(RetrainActivityNames.WriteSnapshotShard)]
    public Task<SnapshotShardWritten> WriteSnapshotShardAsync([ActivityTrigger] WriteSnapshotShardInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<WriteSnapshotShardActivity, WriteSnapshotShardInput, SnapshotShardWritten>(input, context, cancellationToken);

    [Function(RetrainActivityNames.CompleteSnapshot)]
    public Task<SnapshotTaken> CompleteSnapshotAsync([ActivityTrigger] TakeSnapshotInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<CompleteSnapshotActivity, TakeSnapshotInput, SnapshotTaken>(input, context, cancellationToken);

    [Function(RetrainActivityNames.FindCutoffSnapshot)]
    public Task<CutoffSnapshot> FindCutoffSnapshotAsync([ActivityTrigger] FindCutoffSnapshotInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<FindCutoffSnapshotActivity, FindCutoffSnapshotInput, CutoffSnapshot>(input, context, cancellationToken);

    [Function(RetrainActivityNames.FindChampion)]
    public Task<ChampionInfo> FindChampionAsync([ActivityTrigger] string input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<FindChampionActivity, string, ChampionInfo>(input, context, cancellationToken);

    [Function(RetrainActivityNames.CheckReadiness)]
    public Task<ReadinessResult> CheckReadinessAsync([ActivityTrigger] CheckReadinessInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<CheckReadinessActivity, CheckReadinessInput, ReadinessResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.FitSegmentation)]
    public Task<SegmentationPartResult> FitSegmentationAsync([ActivityTrigger] FitSegmentationInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<FitSegmentationActivity, FitSegmentationInput, SegmentationPartResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.PrepareFitShard)]
    public Task<FitShardPrepared> PrepareFitShardAsync([ActivityTrigger] PrepareFitShardInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<PrepareFitShardActivity, PrepareFitShardInput, FitShardPrepared>(input, context, cancellationToken);

    [Function(RetrainActivityNames.FitLifetime)]
    public Task<LifetimePartResult> FitLifetimeAsync([ActivityTrigger] FitLifetimeInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<FitLifetimeActivity, FitLifetimeInput, LifetimePartResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.TrainChurnClassifier)]
    public Task<ChurnPartResult> TrainChurnClassifierAsync([ActivityTrigger] TrainChurnInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<TrainChurnClassifierActivity, TrainChurnInput, ChurnPartResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.AssembleChallenger)]
    public Task<ChallengerInfo> AssembleChallengerAsync([ActivityTrigger] AssembleChallengerInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<AssembleChallengerActivity, AssembleChallengerInput, ChallengerInfo>(input, context, cancellationToken);

    [Function(RetrainActivityNames.EvaluateChallenger)]
    public Task<ChallengerEvaluation> EvaluateChallengerAsync([ActivityTrigger] EvaluateChallengerInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<EvaluateChallengerActivity, EvaluateChallengerInput, ChallengerEvaluation>(input, context, cancellationToken);

    [Function(RetrainActivityNames.Publish)]
    public Task<PublishResult> PublishAsync([ActivityTrigger] PublishInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<PublishActivity, PublishInput, PublishResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.BatchScoreShard)]
    public Task<BatchScoreShardResult> BatchScoreShardAsync([ActivityTrigger] BatchScoreShardInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<BatchScoreShardActivity, BatchScoreShardInput, BatchScoreShardResult>(input, context, cancellationToken);

    [Function(RetrainActivityNames.MergeBatchScores)]
    public Task<BatchScoreSummary> MergeBatchScoresAsync([ActivityTrigger] BatchScoreInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<MergeBatchScoresActivity, BatchScoreInput, BatchScoreSummary>(input, context, cancellationToken);

    [Function(RetrainActivityNames.RecordRun)]
    public Task<bool> RecordRunAsync([ActivityTrigger] RecordRunInput input, FunctionContext context, CancellationToken cancellationToken) =>
        RunAsync<RecordRunActivity, RecordRunInput, bool>(input, context, cancellationToken);

    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, FunctionContext context, CancellationToken cancellationToken)
        where TActivity : RetrainActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(input, cancellationToken);
    }
}
