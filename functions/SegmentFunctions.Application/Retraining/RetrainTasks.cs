using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Retraining.Activities;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The retraining orchestrator and its activities, named by their <see cref="DurableTaskAttribute"/>
/// (<see cref="RetrainOrchestration.Name"/>, <see cref="RetrainActivityNames"/>): for a standalone Durable Task
/// worker's registry, and for the Azure Functions wrappers, which resolve the same classes from DI.
/// </summary>
public static class RetrainTasks
{
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(PlanSnapshotActivity),
        typeof(WriteSnapshotShardActivity),
        typeof(CompleteSnapshotActivity),
        typeof(FindCutoffSnapshotActivity),
        typeof(FindChampionActivity),
        typeof(CheckReadinessActivity),
        typeof(PrepareFitShardActivity),
        typeof(FitSegmentationActivity),
        typeof(FitLifetimeActivity),
        typeof(TrainChurnClassifierActivity),
        typeof(AssembleChallengerActivity),
        typeof(EvaluateChallengerActivity),
        typeof(PublishActivity),
        typeof(BatchScoreShardActivity),
        typeof(MergeBatchScoresActivity),
        typeof(RecordRunActivity),
    ];

    /// <summary>
    /// Adds the orchestrator and every activity to <paramref name="registry"/>. The SDK creates orchestrators without
    /// DI, so the orchestrator comes from <paramref name="services"/> (it reads its settings, which must not change
    /// while a run replays); activities are created by the SDK from the activity's DI scope.
    /// </summary>
    public static void Register(DurableTaskRegistry registry, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        registry.AddOrchestrator(RetrainOrchestration.Name, () => services.GetRequiredService<RetrainOrchestrator>());
        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }
}
