using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Cli.Retrain;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Cli.Composition;

/// <summary>
/// The CLI's container: the same composition as the function app (<c>AddSegmentStorage</c>,
/// <c>AddSegmentIngestion</c>, <c>AddSegmentBatchScoring</c>) plus retraining on the local Durable Task host (<c>AddLocalDurableTask</c>) from an optional appsettings.json in the working directory, then environment variables
/// (the same names as the function app's settings, e.g. SEGMENT_DATA_DIR, CosmosDb).
/// </summary>
internal static class CliServices
{
    /// <summary>appsettings.json in the working directory, then environment variables.</summary>
    public static IConfiguration ReadConfiguration() =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

    /// <summary>A container over <paramref name="configuration"/> with <paramref name="overrides"/> on top.</summary>
    public static ServiceProvider Build(IConfiguration configuration, IReadOnlyDictionary<string, string?> overrides) =>
        Build(new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build());

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            // Progress bars and tables own standard output, and the summary reports dead letters, so only errors are
            // logged (to standard error) unless Logging__LogLevel__Default asks for more.
            .AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Error)
                .AddConfiguration(configuration.GetSection("Logging"))
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        services.AddSegmentStorage(configuration)
            .AddSegmentIngestion(configuration)
            .AddLocalDurableTask(configuration)
            .AddSegmentBatchScoring(configuration);
        services.AddSingleton<RetrainRunner>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<CurrentModelReportBuilder>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
