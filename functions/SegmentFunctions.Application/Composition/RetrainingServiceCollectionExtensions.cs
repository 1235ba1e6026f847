using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Parts;

namespace SegmentFunctions.Application.Composition;

public static class RetrainingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the retraining run: snapshots, the model registry (bundles validated with the bundle serializer), batch
    /// scoring, the
    /// orchestration engine, the <see cref="RetrainOrchestrator"/> under <see cref="RetrainOrchestration.Name"/> with its
    /// activities (<see cref="RetrainActivityNames"/>), and <see cref="RetrainingOptions"/> (section "Retraining",
    /// validated at start). Needs an <see cref="Ports.IFeatureStore"/> and an <see cref="Ports.IBlobStore"/> from the
    /// storage composition. Start runs with <see cref="OrchestrationClient.StartNewAsync"/> and execute them with
    /// <see cref="OrchestrationWorker.RunAsync"/>.
    /// </summary>
    public static IServiceCollection AddSegmentRetraining(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(RetrainOrchestrator)))
        {
            return services;
        }

        services.AddOptions<RetrainingOptions>()
            .Bind(configuration.GetSection(RetrainingOptions.SectionName))
            .Validate(o => o.ChurnHorizonDays >= 1, "Retraining:ChurnHorizonDays must be at least 1.")
            .Validate(o => o.CutoffTolerance >= TimeSpan.Zero && o.CutoffTolerance < TimeSpan.FromDays(o.ChurnHorizonDays),
                "Retraining:CutoffTolerance must be at least zero and shorter than the churn horizon.")
            .Validate(o => o.MinInterval >= TimeSpan.Zero, "Retraining:MinInterval must not be negative.")
            .Validate(o => o.Training.MaxComponents >= 1 && o.Training.ChurnTestShare is > 0 and < 1,
                "Retraining:Training needs MaxComponents >= 1 and ChurnTestShare in (0, 1).")
            .Validate(o => o.Training.SegmentationSampleRows is null or >= 1_000,
                "Retraining:Training:SegmentationSampleRows must be at least 1000 (or unset to fit every restart on every row).")
            .Validate(o => o.Training.ChurnMaxTrainingRows is null or >= 100,
                "Retraining:Training:ChurnMaxTrainingRows must be at least 100 (or unset to train on every row).")
            .ValidateOnStart();
        services.AddSegmentSnapshots(configuration);
        services.AddSegmentModelRegistry(configuration);
        services.AddSegmentBatchScoring(configuration);
        services.TryAddSingleton<RetrainRunFiles>();
        services.TryAddSingleton<PartStore>();
        services.AddSegmentOrchestration(configuration)
            .AddOrchestrator<RetrainOrchestrator, RetrainRequest, RetrainResult>(RetrainOrchestration.Name)
            .AddActivity<TakeSnapshotActivity, TakeSnapshotInput, SnapshotTaken>(RetrainActivityNames.TakeSnapshot)
            .AddActivity<FindCutoffSnapshotActivity, FindCutoffSnapshotInput, CutoffSnapshot>(RetrainActivityNames.FindCutoffSnapshot)
            .AddActivity<FindChampionActivity, string, ChampionInfo>(RetrainActivityNames.FindChampion)
            .AddActivity<CheckReadinessActivity, CheckReadinessInput, ReadinessResult>(RetrainActivityNames.CheckReadiness)
            .AddActivity<FitSegmentationActivity, FitPartInput, SegmentationPartResult>(RetrainActivityNames.FitSegmentation)
            .AddActivity<FitLifetimeActivity, FitPartInput, LifetimePartResult>(RetrainActivityNames.FitLifetime)
            .AddActivity<TrainChurnClassifierActivity, TrainChurnInput, ChurnPartResult>(RetrainActivityNames.TrainChurnClassifier)
            .AddActivity<AssembleChallengerActivity, AssembleChallengerInput, ChallengerInfo>(RetrainActivityNames.AssembleChallenger)
            .AddActivity<EvaluateChallengerActivity, EvaluateChallengerInput, ChallengerEvaluation>(RetrainActivityNames.EvaluateChallenger)
            .AddActivity<PublishActivity, PublishInput, PublishResult>(RetrainActivityNames.Publish)
            .AddActivity<BatchScoreActivity, BatchScoreInput, BatchScoreSummary>(RetrainActivityNames.BatchScore);
        return services;
    }
}
