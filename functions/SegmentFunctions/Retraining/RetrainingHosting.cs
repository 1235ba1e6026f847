using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SegmentFunctions.Retraining;

public static class RetrainingHosting
{
    /// <summary>
    /// What the retraining functions need on top of the retraining run (<c>AddSegmentRetraining</c>): the timer's
    /// rules and the status URLs.
    /// </summary>
    public static IServiceCollection AddRetrainTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetrainScheduler>();
        services.TryAddSingleton<RetrainStatusUrl>();
        return services;
    }
}
