using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SegmentFunctions.Ingestion;

/// <summary>The FeaturizeEvents function's own services, on top of the featurizer (<c>AddSegmentIngestion</c>).</summary>
public static class IngestionHosting
{
    public static IServiceCollection AddEventHubDecoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventHubTriggerOptions>().Bind(configuration);
        services.AddSingleton<EventHubBatchDecoder>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
