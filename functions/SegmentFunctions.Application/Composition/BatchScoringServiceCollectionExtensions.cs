using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SegmentFunctions.Application.BatchScoring;

namespace SegmentFunctions.Application.Composition;

public static class BatchScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="BatchScorer"/> and the <see cref="BatchScoreReader"/> with their options (section
    /// "BatchScoring", validated at start), and the snapshot services they read from unless registered
    /// (<see cref="RetrainingStorageServiceCollectionExtensions.AddSegmentSnapshots"/>). Needs an
    /// <see cref="Ports.IBlobStore"/>; the snapshot writer also needs an <see cref="Ports.IFeatureStore"/>.
    /// </summary>
    public static IServiceCollection AddSegmentBatchScoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BatchScoringOptions>()
            .Bind(configuration.GetSection(BatchScoringOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Container) && !o.Container.Contains('/', StringComparison.Ordinal),
                "BatchScoring:Container must be a container name.")
            .Validate(o => o.RowGroupSize > 0, "BatchScoring:RowGroupSize must be positive.")
            .Validate(o => o.MaxDegreeOfParallelism >= 0, "BatchScoring:MaxDegreeOfParallelism must be 0 (one per processor) or positive.")
            .ValidateOnStart();
        if (!services.Any(d => d.ServiceType == typeof(Snapshots.FeatureSnapshotReader)))
        {
            services.AddSegmentSnapshots(configuration);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BatchScoreReader>();
        services.TryAddSingleton<BatchScorer>();
        return services;
    }
}
