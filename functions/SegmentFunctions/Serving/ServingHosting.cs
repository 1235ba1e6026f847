using SegmentFunctions.Application.Composition;

namespace SegmentFunctions.Serving;

/// <summary>The function app's share of score serving: application services and the model refresher.</summary>
public static class ServingHosting
{
    /// <summary>
    /// Score serving (<see cref="ServingServiceCollectionExtensions.AddSegmentServing"/>), batch score reading and the
    /// background <see cref="ServingModelRefresher"/>, which keeps the serving model current (hot reload).
    /// </summary>
    public static IServiceCollection AddScoreServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSegmentServing(configuration);
        services.AddSegmentBatchScoring(configuration);
        services.AddHostedService<ServingModelRefresher>();
        return services;
    }
}
