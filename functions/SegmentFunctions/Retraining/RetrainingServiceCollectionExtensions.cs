using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SegmentFunctions.Retraining;

public static class RetrainingServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the retraining functions need on top of the retraining run and its Durable Task host
    /// (<c>AddLocalDurableTask</c>): the starter and the scheduler's rules.
    /// </summary>
    public static IServiceCollection AddRetrainTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetrainStarter>();
        services.TryAddSingleton<RetrainScheduler>();
        return services;
    }
}
