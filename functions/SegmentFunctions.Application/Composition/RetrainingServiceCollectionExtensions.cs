using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Composition;

public static class RetrainingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the retraining run: snapshots, the model registry (bundles validated with the bundle serializer), batch
    /// scoring, the <see cref="RetrainOrchestrator"/> and its activities (<see cref="RetrainTasks"/>), the runs'
    /// records and <see cref="RetrainRuns"/>, the <see cref="RetrainSerialization.DataConverter"/> (as the
    /// <see cref="DataConverter"/> a Durable Task worker or client finds in DI), and <see cref="RetrainingOptions"/>
    /// (section "Retraining", validated at start). Needs an <see cref="Ports.IFeatureStore"/> and an
    /// <see cref="Ports.IBlobStore"/> from the storage composition; a Durable Task host (the local one, or Azure
    /// Functions) runs the orchestration.
    /// </summary>
    public static IServiceCollection AddSegmentRetraining(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(RetrainOrchestrator)))
        {
            return services;
        }

        // The run's snapshots store its customers' training rows, in the unit its steps featurize in.
        services.AddOptions<SnapshotOptions>()
            .PostConfigure<IOptions<RetrainingOptions>>((snapshots, retraining) =>
                snapshots.TrainingRowsTimeUnit = retraining.Value.EffectiveTraining().TimeUnit);
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
            .Validate(o => o.Training.ChurnMaxHoldoutRows is null or >= 100,
                "Retraining:Training:ChurnMaxHoldoutRows must be at least 100 (or unset to hold out the whole test share).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RunsContainer) && !o.RunsContainer.Contains('/', StringComparison.Ordinal),
                "Retraining:RunsContainer must be a container name.")
            .Validate(o => o.Retry.MaxNumberOfAttempts >= 1 && o.Retry.FirstRetryInterval > TimeSpan.Zero
                    && o.Retry.MaxRetryInterval >= o.Retry.FirstRetryInterval && o.Retry.BackoffCoefficient >= 1.0,
                "Retraining:Retry needs MaxNumberOfAttempts >= 1, 0 < FirstRetryInterval <= MaxRetryInterval and BackoffCoefficient >= 1.")
            .ValidateOnStart();
        services.AddSegmentSnapshots(configuration);
        services.AddSegmentModelRegistry(configuration);
        services.AddSegmentBatchScoring(configuration);
        services.TryAddSingleton<RetrainRunFiles>();
        services.TryAddSingleton<PartStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActivityCancellation>();
        services.TryAddSingleton(RetrainSerialization.DataConverter);
        services.TryAddSingleton<RetrainRunStore>();
        services.TryAddSingleton<RetrainRuns>();
        services.TryAddTransient<RetrainOrchestrator>();
        foreach (var activity in RetrainTasks.Activities)
        {
            services.TryAddTransient(activity);
        }

        return services;
    }
}
