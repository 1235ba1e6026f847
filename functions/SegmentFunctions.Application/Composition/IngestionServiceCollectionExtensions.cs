using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Application.Composition;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the event batch featurizer behind its <see cref="PoisonBatchGuard"/> (<see cref="IEventBatchProcessor"/>), its options (section "Ingestion",
    /// validated at start) and the system <see cref="TimeProvider"/> unless one is registered. The feature store and the
    /// dead-letter sink come from the storage composition.
    /// </summary>
    public static IServiceCollection AddSegmentIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventBatchFeaturizer>();
        services.TryAddSingleton<IEventBatchProcessor>(provider => ActivatorUtilities.CreateInstance<PoisonBatchGuard>(
            provider, provider.GetRequiredService<EventBatchFeaturizer>()));
        return services;
    }
}
