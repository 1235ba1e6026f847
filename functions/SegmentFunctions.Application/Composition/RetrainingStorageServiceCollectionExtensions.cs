using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Composition;

public static class RetrainingStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the snapshot writer, reader and catalog with their options (section "Snapshots", validated at start).
    /// Needs an <see cref="IFeatureStore"/> and an <see cref="IBlobStore"/> from the storage composition.
    /// </summary>
    public static IServiceCollection AddSegmentSnapshots(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SnapshotOptions>()
            .Bind(configuration.GetSection(SnapshotOptions.SectionName))
            .Validate(o => IsContainerName(o.Container), "Snapshots:Container must be a container name.")
            .Validate(o => o.RowGroupSize > 0, "Snapshots:RowGroupSize must be positive.")
            .Validate(o => o.Shards > 0, "Snapshots:Shards must be positive.")
            .Validate(o => o.KeepNewest >= 1, "Snapshots:KeepNewest must be at least 1.")
            .Validate(o => o.MaxAge >= TimeSpan.Zero && o.IncompleteGracePeriod >= TimeSpan.Zero,
                "Snapshots:MaxAge and Snapshots:IncompleteGracePeriod must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeatureSnapshotWriter>();
        services.TryAddSingleton<FeatureSnapshotReader>();
        services.TryAddSingleton<SnapshotCatalog>();
        return services;
    }

    /// <summary>
    /// Registers the <see cref="ModelRegistry"/> and <see cref="PromotionGate"/> with the serving check: a stored bundle
    /// must load with <see cref="ModelBundleSerializer"/> before it can be promoted.
    /// </summary>
    public static IServiceCollection AddSegmentModelRegistry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSegmentModelRegistry(configuration, _ => async (bundle, token) => await ModelBundleSerializer.LoadAsync(bundle, token).ConfigureAwait(false));

    /// <summary>
    /// Registers the <see cref="ModelRegistry"/> (section "ModelRegistry") and the <see cref="PromotionGate"/> (section
    /// "PromotionGate"). <paramref name="bundleValidator"/> supplies the check every promotion runs on a stored bundle
    /// (it throws on a bundle that does not load). Needs an <see cref="IBlobStore"/>.
    /// </summary>
    public static IServiceCollection AddSegmentModelRegistry(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, Func<Stream, CancellationToken, Task>> bundleValidator)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(bundleValidator);
        services.AddOptions<ModelRegistryOptions>()
            .Bind(configuration.GetSection(ModelRegistryOptions.SectionName))
            .Validate(o => IsContainerName(o.Container), "ModelRegistry:Container must be a container name.")
            .ValidateOnStart();
        services.AddOptions<PromotionGateOptions>()
            .Bind(configuration.GetSection(PromotionGateOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ModelRegistry(
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<IOptions<ModelRegistryOptions>>(),
            bundleValidator(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelRegistry>>()));
        services.TryAddSingleton(sp => new PromotionGate(sp.GetRequiredService<IOptions<PromotionGateOptions>>().Value));
        return services;
    }

    private static bool IsContainerName(string? container) =>
        !string.IsNullOrWhiteSpace(container) && !container.Contains('/', StringComparison.Ordinal);
}
