using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Domain.Synthetic;

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

        await using var services = EmbeddedIngestion.Services(Path.Combine(_directory, "data"));

        var first = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await first.RunAsync("ingest", "--file", file, "--batch-size", "128", "--partitions", "2"));
        var second = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await second.RunAsync("ingest", "--file", file, "--batch-size", "128", "--partitions", "2"));

        var (accepted, duplicates, deadLettered) = (EmbeddedIngestion.Row(first.Output, "accepted"), EmbeddedIngestion.Row(first.Output, "duplicates"), EmbeddedIngestion.Row(first.Output, "dead-lettered"));
        Assert.Equal(lines, EmbeddedIngestion.Row(first.Output, "events read"));
        Assert.Equal(lines, accepted + duplicates + deadLettered);
        Assert.True(accepted > 0 && duplicates > 0 && deadLettered > 0, first.Output);
        Assert.Equal(writer.MalformedWritten, deadLettered);

        Assert.Equal(0, EmbeddedIngestion.Row(second.Output, "accepted"));
        Assert.Equal(0, EmbeddedIngestion.Row(second.Output, "feature documents written"));
        Assert.Equal(lines - deadLettered, EmbeddedIngestion.Row(second.Output, "duplicates"));
        Assert.Equal(deadLettered, EmbeddedIngestion.Row(second.Output, "dead-lettered"));
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
