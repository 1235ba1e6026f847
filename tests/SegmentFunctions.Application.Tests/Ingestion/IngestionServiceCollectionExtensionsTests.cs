using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Application.Tests.Ingestion;

public sealed class IngestionServiceCollectionExtensionsTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Ingestion:MaxConcurrency"] = "4" })
        .Build();

    [Fact]
    public void Registers_the_featurizer_behind_its_poison_guard_its_options_validator_and_the_system_clock()
    {
        var services = new ServiceCollection().AddSegmentIngestion(Configuration);

        var processor = Assert.Single(services, d => d.ServiceType == typeof(IEventBatchProcessor));
        Assert.Equal(ServiceLifetime.Singleton, processor.Lifetime);
        using (var provider = new ServiceCollection().AddSegmentIngestion(Configuration).AddLogging()
            .AddSingleton<Application.Ports.IFeatureStore>(new InMemoryFeatureStore())
            .AddSingleton<Application.Ports.IDeadLetterSink>(new InMemoryDeadLetterSink())
            .AddSingleton<Application.Ports.ISuppressionList>(new Testing.InMemorySuppressionList())
            .BuildServiceProvider())
        {
            Assert.IsType<PoisonBatchGuard>(provider.GetRequiredService<IEventBatchProcessor>());
            Assert.Same(provider.GetRequiredService<EventBatchFeaturizer>(), provider.GetRequiredService<EventBatchFeaturizer>());
        }

        Assert.Same(TimeProvider.System, Assert.Single(services, d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance);
        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<IngestionOptions>));
        Assert.Contains(services, d => d.ServiceType == typeof(IConfigureOptions<IngestionOptions>));
    }

    [Fact]
    public void Keeps_a_clock_registered_before()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.UnixEpoch);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);

        services.AddSegmentIngestion(Configuration);

        Assert.Same(clock, Assert.Single(services, d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance);
    }

    [Fact]
    public void The_validator_names_the_bad_setting()
    {
        var result = new IngestionOptionsValidator().Validate(null, new IngestionOptions { MaxConflictRetries = -1 });

        Assert.True(result.Failed);
        Assert.Contains("Ingestion:MaxConflictRetries", result.FailureMessage, StringComparison.Ordinal);
    }
}
