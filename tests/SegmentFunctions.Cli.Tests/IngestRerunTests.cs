using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

/// <summary>
/// A rerun of `segment ingest` on the same file, complete or after a crash, is caught by the lines' positions, whatever
/// the number of events per customer and however far apart in time they are.
/// </summary>
public sealed class IngestRerunTests : IDisposable
{
    private const int HeavyEvents = 2516;
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-rerun-").FullName;

    [Fact]
    public async Task Ingesting_a_heavy_customers_file_twice_applies_nothing_the_second_time()
    {
        var file = WriteFile();
        await using var services = EmbeddedIngestion.Services(Path.Combine(_directory, "data"));

        var first = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await first.RunAsync("ingest", "--file", file, "--batch-size", "100"));
        var second = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await second.RunAsync("ingest", "--file", file, "--batch-size", "64", "--partitions", "3"));

        Assert.Equal(HeavyEvents + 1, EmbeddedIngestion.Row(first.Output, "accepted"));
        Assert.Equal(0, EmbeddedIngestion.Row(second.Output, "accepted"));
        Assert.Equal(HeavyEvents + 1, EmbeddedIngestion.Row(second.Output, "duplicates"));
        var stored = await services.GetRequiredService<IFeatureStore>().ReadAsync("heavy", CancellationToken.None);
        Assert.Equal(168, stored!.Features.Orders);
        Assert.Equal(168 * 19.5m, stored.Features.Revenue);
    }

    [Fact]
    public async Task A_crash_and_rerun_gives_the_features_of_one_clean_pass()
    {
        var file = WriteFile();
        await using var clean = EmbeddedIngestion.Services(Path.Combine(_directory, "clean"));
        Assert.Equal(ExitCodes.Success, await new CliHarness(clean).RunAsync("ingest", "--file", file));
        await using var crashed = EmbeddedIngestion.Services(Path.Combine(_directory, "crashed"));
        var dying = new DyingProcessor(crashed.GetRequiredService<IEventBatchProcessor>(), batchesBeforeCrash: 30);

        Assert.Equal(ExitCodes.Failure, await new CliHarness(dying).RunAsync("ingest", "--file", file, "--batch-size", "50", "--partitions", "1"));
        Assert.Equal(ExitCodes.Success, await new CliHarness(crashed).RunAsync("ingest", "--file", file, "--batch-size", "128"));

        var expected = (await clean.GetRequiredService<IFeatureStore>().ReadAsync("heavy", CancellationToken.None))!.Features;
        var actual = (await crashed.GetRequiredService<IFeatureStore>().ReadAsync("heavy", CancellationToken.None))!.Features;
        Assert.Equal(168, actual.Orders);
        Testing.FeatureDocumentAssert.Equivalent(expected, actual);
    }

    /// <summary>One customer with 2,516 events (168 orders) spread over three years, and one other customer.</summary>
    private string WriteFile()
    {
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, HeavyEvents).Select(i =>
        {
            var at = start.AddHours(i * 10.4).ToString("O", CultureInfo.InvariantCulture);
            return i % 15 == 0
                ? $$"""{"id":"p{{i}}","type":"purchase","customerId":"heavy","timestamp":"{{at}}","orderId":"o-{{i}}","amount":19.5,"currency":"EUR"}"""
                : $$"""{"id":"v{{i}}","type":"page_view","customerId":"heavy","timestamp":"{{at}}"}""";
        }).Append("""{"id":"x1","type":"page_view","customerId":"light","timestamp":"2024-01-01T00:00:00Z"}""");
        var path = Path.Combine(_directory, "events.jsonl");
        File.WriteAllLines(path, lines);
        return path;
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

    /// <summary>Processes a number of batches, then fails every later one, as a process killed mid-run.</summary>
    private sealed class DyingProcessor(IEventBatchProcessor inner, int batchesBeforeCrash) : IEventBatchProcessor
    {
        private int _processed;

        public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _processed) > batchesBeforeCrash
                ? throw new StoreUnavailableException("The process was killed.")
                : inner.ProcessAsync(batch, cancellationToken);
    }
}
