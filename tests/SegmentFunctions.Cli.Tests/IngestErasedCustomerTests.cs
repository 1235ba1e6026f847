using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

/// <summary>
/// `segment ingest` after an erasure: the events of an erased id, also one that was never seen before it was erased,
/// are not featurized, and the ingest summary counts them as suppressed.
/// </summary>
public sealed class IngestErasedCustomerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-ingest-erased-").FullName;

    [Fact]
    public async Task Events_of_an_id_erased_before_it_was_seen_are_counted_as_suppressed_in_the_summary()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"e1","type":"page_view","customerId":"erased-early","timestamp":"2026-03-01T10:00:00Z"}""",
            """{"id":"e2","type":"purchase","customerId":"erased-early","timestamp":"2026-03-01T10:05:00Z","orderId":"o2","amount":10}""",
            """{"id":"e3","type":"page_view","customerId":"kept","timestamp":"2026-03-01T10:00:00Z"}""",
        ]);
        await using var services = EmbeddedIngestion.Services(Path.Combine(_directory, "data"));
        await services.GetRequiredService<ISuppressionList>().AddAsync("erased-early", DateTimeOffset.UtcNow, CancellationToken.None);

        var cli = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await cli.RunAsync("ingest", "--file", file));

        Assert.Equal(2, EmbeddedIngestion.Row(cli.Output, "suppressed (erased customers)"));
        Assert.Equal(1, EmbeddedIngestion.Row(cli.Output, "accepted"));
        var store = services.GetRequiredService<IFeatureStore>();
        Assert.Null(await store.ReadAsync("erased-early", CancellationToken.None));
        Assert.NotNull(await store.ReadAsync("kept", CancellationToken.None));
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
