using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SegmentFunctions.Retraining;

public static class RetrainingServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the retraining functions need on top of the retraining run (<c>AddSegmentRetraining</c>: the
    /// orchestration engine, the workflow and the model registry): the starter, the scheduler's rules, the queue
    /// message processor, their options (section "Retraining") and the in-process worker, which runs only when
    /// <see cref="InProcessRetrainWorker.IsEnabled"/> says so.
    /// </summary>
    public static IServiceCollection AddRetrainTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RetrainTriggerOptions>()
            .Bind(configuration.GetSection(RetrainTriggerOptions.SectionName))
            .Validate(o => o.WorkerPollInterval > TimeSpan.Zero, "Retraining:WorkerPollInterval must be positive.")
            .Validate(o => o.WorkerVisibilityTimeout > TimeSpan.Zero, "Retraining:WorkerVisibilityTimeout must be positive.")
            .Validate(o => o.MaxDequeueCount >= 1, "Retraining:MaxDequeueCount must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetrainStarter>();
        services.TryAddSingleton<RetrainScheduler>();
        services.TryAddSingleton<RetrainRunProcessor>();
        services.AddHostedService<InProcessRetrainWorker>();
        return services;
    }
}
