using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Cli.Composition;

/// <summary>
/// The CLI's container: the same composition as the Functions handler (<c>AddSegmentStorage</c>,
/// <c>AddSegmentIngestion</c>) from an optional appsettings.json in the working directory, then environment variables
/// (the same names as the function app's settings, e.g. SEGMENT_DATA_DIR, CosmosDb).
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            // Progress bars and tables own standard output; only warnings and errors are logged, to standard error.
            .AddLogging(logging => logging
                .AddConfiguration(configuration.GetSection("Logging"))
                .SetMinimumLevel(LogLevel.Warning)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        services.AddSegmentStorage(configuration).AddSegmentIngestion(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
