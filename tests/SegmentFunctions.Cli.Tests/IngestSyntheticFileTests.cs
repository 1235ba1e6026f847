using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Cli.Tests;

/// <summary>
/// `segment ingest` end to end on a synthetic shop's events (with duplicates and malformed lines), in process, through
/// the real composition on embedded SQLite in a temporary SEGMENT_DATA_DIR.
/// </summary>
public sealed class IngestSyntheticFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-ingest-").FullName;

    [Fact]
    public async Task Every_line_is_accepted_duplicate_or_dead_lettered_and_a_second_ingest_applies_nothing()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        var generator = new SyntheticShopGenerator(new SyntheticShopOptions { Customers = 60, Months = 6, Seed = 5, DuplicateFraction = 0.05 });
        var writer = new EventJsonLinesWriter(malformedFraction: 0.02, seed: 5);
        long lines;
        await using (var stream = File.Create(file))
        {
            lines = await writer.WriteAsync(generator.EventsInTimeOrder(), stream, CancellationToken.None);
        }

        await using var services = Services(Path.Combine(_directory, "data"));

        var first = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await first.RunAsync("ingest", "--file", file, "--batch-size", "128", "--partitions", "2"));
        var second = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await second.RunAsync("ingest", "--file", file, "--batch-size", "128", "--partitions", "2"));

        var (accepted, duplicates, deadLettered) = (Row(first.Output, "accepted"), Row(first.Output, "duplicates"), Row(first.Output, "dead-lettered"));
        Assert.Equal(lines, Row(first.Output, "events read"));
        Assert.Equal(lines, accepted + duplicates + deadLettered);
        Assert.True(accepted > 0 && duplicates > 0 && deadLettered > 0, first.Output);
        Assert.Equal(writer.MalformedWritten, deadLettered);

        Assert.Equal(0, Row(second.Output, "accepted"));
        Assert.Equal(0, Row(second.Output, "feature documents written"));
        Assert.Equal(lines - deadLettered, Row(second.Output, "duplicates"));
        Assert.Equal(deadLettered, Row(second.Output, "dead-lettered"));
    }

    private static ServiceProvider Services(string dataDirectory)
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

    /// <summary>The value of one row of the summary table, e.g. "accepted │ 1,234".</summary>
    private static long Row(string output, string label)
    {
        var match = Regex.Match(output, $@"^\W*{Regex.Escape(label)}\W+([\d,]+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"No '{label}' row in:\n{output}");
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle of another thread; the OS temp cleaner gets it.
        }
    }
}
