using System.Collections.Concurrent;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.EventHubs;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing.EventHubs;
using static SegmentFunctions.Cli.Tests.EventHubs.EventHubsPipeline;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>
/// Failures through the event processor of `segment consume` (the Event Hubs test double, the embedded store, the
/// featurizer behind its poison guard as the CLI composes them): a bad event is dead-lettered by position and the rest
/// of its batch applied; a batch that fails the same way every time is dead-lettered whole after the guard's limit and
/// the partition moves on past it; a transient failure retries the batch until it succeeds, without double counting.
/// </summary>
public sealed class ConsumeFailureTests : IDisposable
{
    private const int MaxBatchFailures = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-consume-failures-").FullName;
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 1);

    [Fact]
    public async Task A_malformed_event_is_dead_lettered_by_position_and_the_rest_of_its_batch_is_featurized()
    {
        await SendAsync(
            View("v1", "c-1"),
            "not json",
            """{"id":"p1","type":"purchase","customerId":"c-2","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":25.5}""",
            """{"id":"t1","type":"teleport","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""",
            View("v2", "c-2"));
        await using var services = Services();
        var processor = Consumer(services, "only");
        var batches = new ConcurrentQueue<BatchResult>();
        processor.BatchCompleted += (_, result) => batches.Enqueue(result);

        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= 5, Timeout, "the five events");
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal((5, 3, 2), (processor.Totals.Received, processor.Totals.Applied, processor.Totals.DeadLettered));
        Assert.Contains(batches, b => b.DeadLettered > 0 && b.Applied > 0);
        var letters = await LettersAsync(services);
        Assert.Equal(
            [(_hub.Name, "0", 1L, EventRejectionCodes.MalformedJson), (_hub.Name, "0", 3L, EventRejectionCodes.UnknownEventType)],
            letters.Select(l => (l.Source, l.PartitionId!, l.SequenceNumber!.Value, l.Reason[..l.Reason.IndexOf(':', StringComparison.Ordinal)])).Order());
        var store = services.GetRequiredService<IFeatureStore>();
        Assert.Equal(1, (await store.ReadFeaturesAsync("c-1", CancellationToken.None))!.Count("page_view"));
        var c2 = (await store.ReadFeaturesAsync("c-2", CancellationToken.None))!;
        Assert.Equal((1, 25.5m, 1L), (c2.Orders, c2.Revenue, c2.Count("page_view")));
    }

    [Fact]
    public async Task A_batch_the_store_always_refuses_is_dead_lettered_whole_after_the_guards_limit_and_consuming_moves_past_it()
    {
        await SendAsync(View("f1", "fine"), View("p1", "poison"));
        var data = Path.Combine(_directory, "store");
        await using (var services = Services(data))
        {
            RefuseDocumentsOf(services, data, "poison");
            var counting = new CountingBatchProcessor(services.GetRequiredService<IEventBatchProcessor>());
            var processor = Consumer(services, counting, "first");

            await processor.StartProcessingAsync();
            await WaitForAsync(() => processor.Totals.Received >= 2, Timeout, "the poisoned batch to be dead-lettered");
            await SendAsync(View("l1", "later"));
            await WaitForAsync(() => processor.Totals.Received >= 3, Timeout, "the event after the poisoned batch");
            await processor.StopAsync(CancellationToken.None);

            Assert.Equal(MaxBatchFailures, counting.AttemptsAt(0));
            Assert.Equal(1, counting.AttemptsAt(2));
            Assert.Equal((3, 1, 2), (processor.Totals.Received, processor.Totals.Applied, processor.Totals.DeadLettered));
            var letters = await LettersAsync(services);
            Assert.Equal([(0L, "fine"), (1L, "poison")], letters.Select(l => (l.SequenceNumber!.Value, l.CustomerId)).Order());
            Assert.All(letters, l =>
            {
                Assert.Equal((_hub.Name, "0"), (l.Source, l.PartitionId));
                Assert.StartsWith($"{EventRejectionCodes.BatchFailed}: The batch 0..1 failed {MaxBatchFailures} times in a row with SqliteException", l.Reason, StringComparison.Ordinal);
            });
            Assert.Equal(1, (await services.GetRequiredService<IFeatureStore>().ReadFeaturesAsync("later", CancellationToken.None))!.Count("page_view"));
        }

        // A consumer started afterwards resumes after the checkpoint, which is past the dead-lettered batch.
        await SendAsync(View("n1", "next"));
        await using (var services = Services(data))
        {
            var restarted = Consumer(services, "second");
            await restarted.StartProcessingAsync();
            await WaitForAsync(() => restarted.Totals.Received >= 1, Timeout, "the event sent after the first consumer stopped");
            await restarted.StopAsync(CancellationToken.None);

            Assert.Equal((1, 1), (restarted.Totals.Received, restarted.Totals.Applied));
        }
    }

    [Fact]
    public async Task A_transient_store_failure_retries_the_batch_until_it_succeeds_and_counts_nothing_twice()
    {
        await SendAsync(View("a1", "steady"), View("b1", "flaky"), View("a2", "steady"), View("b2", "flaky"), View("b3", "flaky"));
        FlakyFeatureStore? flaky = null;
        await using var services = Services(
            Path.Combine(_directory, "store"),
            (collection, data) => collection.AddSingleton<IFeatureStore>(_ => flaky = new FlakyFeatureStore(new SqliteFeatureStore(Path.Combine(data, "features.db")))));
        var counting = new CountingBatchProcessor(services.GetRequiredService<IEventBatchProcessor>());
        Assert.NotNull(flaky);
        flaky.FailNextWrites("flaky", MaxBatchFailures + 1);
        var processor = Consumer(services, counting, "only");

        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= 5, Timeout, "the batch to succeed");
        await processor.StopAsync(CancellationToken.None);

        // More failures than the poison guard's limit: a transient failure is never dead-lettered, however often it recurs.
        Assert.Equal(MaxBatchFailures + 1, flaky.Injected);
        Assert.Equal(MaxBatchFailures + 2, counting.AttemptsAt(0));
        Assert.Empty(await LettersAsync(services));
        Assert.Equal(5, processor.Totals.Received);
        Assert.Equal(5, processor.Totals.Applied + processor.Totals.Duplicates);
        var store = services.GetRequiredService<IFeatureStore>();
        Assert.Equal(2, (await store.ReadFeaturesAsync("steady", CancellationToken.None))!.Count("page_view"));
        Assert.Equal(3, (await store.ReadFeaturesAsync("flaky", CancellationToken.None))!.Count("page_view"));
    }

    public void Dispose()
    {
        _hub.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle of another thread; the OS temp cleaner gets it.
        }
    }

    private static string View(string id, string customerId) =>
        $$"""{"id":"{{id}}","type":"page_view","customerId":"{{customerId}}","timestamp":"2026-03-01T10:00:00Z"}""";

    /// <summary>
    /// Makes the embedded store refuse, every time, to create the document of <paramref name="customerId"/>: a failure
    /// of the real store that no retry can cure.
    /// </summary>
    private static void RefuseDocumentsOf(IServiceProvider services, string data, string customerId)
    {
        services.GetRequiredService<IFeatureStore>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "features.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER refuse_{customerId} BEFORE INSERT ON features WHEN NEW.customer_id = '{customerId}' "
            + $"BEGIN SELECT RAISE(ABORT, 'the document of {customerId} is refused'); END;";
        command.ExecuteNonQuery();
    }

    private EventHubIngestionProcessor Consumer(IServiceProvider services, string identifier) =>
        Consumer(services, services.GetRequiredService<IEventBatchProcessor>(), identifier);

    /// <summary>The processor of `segment consume` on this test's hub, handing its batches to <paramref name="featurizer"/>.</summary>
    private EventHubIngestionProcessor Consumer(IServiceProvider services, IEventBatchProcessor featurizer, string identifier) =>
        EventHubIngestionProcessor.Create(
            new BlobCheckpointStore(services.GetRequiredService<IBlobStore>()),
            new EventHubSettings(_hub.ConnectionString, null, null, _hub.Name, "$Default"),
            FastOptions(identifier),
            featurizer,
            services.GetRequiredService<ILogger<EventHubIngestionProcessor>>());

    private static async Task<List<DeadLetter>> LettersAsync(IServiceProvider services)
    {
        var letters = new List<DeadLetter>();
        await foreach (var letter in services.GetRequiredService<IDeadLetterArchive>().ReadAllAsync(CancellationToken.None))
        {
            letters.Add(letter);
        }

        return letters;
    }

    private async Task SendAsync(params string[] bodies)
    {
        await using var producer = new EventHubProducerClient(_hub.ConnectionString, _hub.Name);
        await producer.SendAsync([.. bodies.Select(b => new EventData(BinaryData.FromString(b)))], new SendEventOptions { PartitionId = "0" });
    }

    private ServiceProvider Services(string? data = null, Action<IServiceCollection, string>? configure = null)
    {
        data ??= Path.Combine(_directory, "store");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageConnections.DataDirectoryName] = data,
                ["Ingestion:MaxBatchFailures"] = MaxBatchFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        configure?.Invoke(services, data);
        services.AddSegmentStorage(configuration).AddSegmentIngestion(configuration);
        return services.BuildServiceProvider();
    }
}
