using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>The embedded store and featurizer of a data folder, as the CLI composes them, and the CLI's summary rows.</summary>
internal static class EmbeddedIngestion
{
    public static ServiceProvider Services(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageConnections.DataDirectoryName] = dataDirectory })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        services.AddSegmentStorage(configuration).AddSegmentIngestion(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The value of one row of a summary table, e.g. "accepted │ 1,234".</summary>
    public static long Row(string output, string label)
    {
        var match = Regex.Match(output, $@"^\W*{Regex.Escape(label)}\W+([\d,]+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"No '{label}' row in:\n{output}");
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
