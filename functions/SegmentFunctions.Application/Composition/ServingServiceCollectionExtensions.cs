using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Erasure;
using SegmentFunctions.Application.Serving;

namespace SegmentFunctions.Application.Composition;

public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers score serving: the <see cref="ServingModelHolder"/>, its <see cref="ServingModelLoader"/> (on the
    /// model registry, registered here too), the <see cref="CustomerScoringService"/> and the <see cref="CustomerEraser"/>,
    /// with <see cref="ServingOptions"/> from the "Serving" section, validated at start. Needs the storage composition
    /// (<see cref="Ports.IFeatureStore"/>, <see cref="Ports.IBlobStore"/>, <see cref="Ports.ISuppressionList"/>,
    /// <see cref="Ports.IDeadLetterArchive"/>).
    /// The host runs the loader periodically (the function app's background refresher).
    /// </summary>
    public static IServiceCollection AddSegmentServing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSegmentModelRegistry(configuration);
        services.AddOptions<ServingOptions>()
            .Bind(configuration.GetSection(ServingOptions.SectionName))
            .Validate(o => o.Validate() is null, $"{ServingOptions.SectionName}: PollInterval must be at least 10 ms and BatchConcurrency at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServingModelHolder>();
        services.TryAddSingleton<ServingModelLoader>();
        services.TryAddSingleton<CustomerScoringService>();
        services.TryAddSingleton<CustomerEraser>();
        return services;
    }
}
