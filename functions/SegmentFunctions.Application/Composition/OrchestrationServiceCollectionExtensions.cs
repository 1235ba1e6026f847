using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Composition;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable orchestration engine (<see cref="OrchestrationClient"/>, <see cref="OrchestrationWorker"/>),
    /// its options from the "Orchestration" section and <see cref="TimeProvider.System"/> unless a clock is registered.
    /// Needs an <see cref="Ports.IBlobStore"/>. Add orchestrators and activities on the returned builder.
    /// </summary>
    public static OrchestrationBuilder AddSegmentOrchestration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(OrchestrationRegistry))?.ImplementationInstance as OrchestrationRegistry;
        if (registry is null)
        {
            registry = new OrchestrationRegistry();
            services.AddSingleton(registry);
            services.AddOptions<OrchestrationOptions>()
                .Bind(configuration.GetSection(OrchestrationOptions.SectionName))
                .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(15) && o.LeaseDuration <= TimeSpan.FromSeconds(60),
                    "Orchestration:LeaseDuration must be 15 to 60 seconds (blob lease limits).")
                .Validate(o => !string.IsNullOrWhiteSpace(o.Container) && !o.Container.Contains('/', StringComparison.Ordinal),
                    "Orchestration:Container must be a container name.")
                .Validate(o => o.LargeResultThresholdBytes > 0, "Orchestration:LargeResultThresholdBytes must be positive.");
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<OrchestrationClient>();
            services.TryAddSingleton<OrchestrationWorker>();
        }

        return new OrchestrationBuilder(services, registry);
    }
}
