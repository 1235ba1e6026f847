using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Composition;
using Microsoft.DurableTask;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Tests.Retraining;

public sealed class RetrainingCompositionTests
{
    [Fact]
    public void The_retraining_section_binds_and_overrides_the_training_horizon()
    {
        using var services = Compose(new()
        {
            ["Retraining:ChurnHorizonDays"] = "60",
            ["Retraining:CutoffTolerance"] = "3.00:00:00",
            ["Retraining:MinInterval"] = "06:00:00",
            ["Retraining:Training:MaxComponents"] = "6",
        });

        var options = services.GetRequiredService<IOptions<RetrainingOptions>>().Value;

        Assert.Equal((60, TimeSpan.FromDays(3), TimeSpan.FromHours(6)), (options.ChurnHorizonDays, options.CutoffTolerance, options.MinInterval));
        Assert.Equal((60, 6), (options.EffectiveTraining().ChurnHorizonDays, options.EffectiveTraining().MaxComponents));
        Assert.Same(RetrainSerialization.DataConverter, services.GetRequiredService<DataConverter>());
        Assert.All(RetrainTasks.Activities, activity => Assert.NotNull(services.GetRequiredService(activity)));
    }

    [Theory]
    [InlineData(null, LifetimeTimeUnit.Week)]
    [InlineData("Day", LifetimeTimeUnit.Day)]
    public void Snapshots_store_training_rows_in_the_retraining_time_unit(string? configured, LifetimeTimeUnit expected)
    {
        using var services = Compose(configured is null ? [] : new() { ["Retraining:Training:TimeUnit"] = configured });

        Assert.Equal(expected, services.GetRequiredService<IOptions<SnapshotOptions>>().Value.TrainingRowsTimeUnit);
    }

    [Fact]
    public void A_cutoff_tolerance_as_long_as_the_horizon_fails_when_resolved()
    {
        using var services = Compose(new() { ["Retraining:ChurnHorizonDays"] = "30", ["Retraining:CutoffTolerance"] = "30.00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RetrainingOptions>>().Value);

        Assert.Contains("CutoffTolerance", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IBlobStore>(new InMemoryBlobStore(TimeProvider.System))
            .AddSingleton<IFeatureStore>(new InMemoryFeatureStore());
        services.AddSegmentRetraining(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
