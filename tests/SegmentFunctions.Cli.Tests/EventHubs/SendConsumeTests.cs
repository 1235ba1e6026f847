using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.EventHubs;
using SegmentFunctions.Testing.EventHubs;
using static SegmentFunctions.Cli.Tests.EventHubs.EventHubsPipeline;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>
/// `segment send` of a generated file to the Event Hubs test double, the event processor (in process) featurizing the
/// hub into an embedded store, compared with `segment ingest` of the same file.
/// </summary>
public sealed class SendConsumeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-eventhubs-").FullName;
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 4);

    [Fact]
    public async Task Every_customer_gets_the_features_of_ingest_of_the_same_file()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        await WriteShopAsync(file, customers: 120, seed: 11);
        await SendAsync(_hub, file);
        await using var ingested = Services(Path.Combine(_directory, "ingest"));
        var applied = await IngestAsync(ingested, file);

        await using var consumed = Services(Path.Combine(_directory, "consume"));
        var processor = Processor(consumed, _hub, FastOptions("only"));
        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= _hub.EventCount, Timeout, "the processor to receive every event");
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(_hub.EventCount, processor.Totals.Received);
        Assert.Equal(applied, processor.Totals.Applied);
        await AssertSameFeaturesAsync(ingested, consumed);
    }

    [Fact]
    public async Task Two_consumers_share_the_partitions_one_owner_each_and_apply_every_event_once()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        await WriteShopAsync(file, customers: 120, seed: 12);
        await SendAsync(_hub, file);
        await using var ingested = Services(Path.Combine(_directory, "ingest"));
        var applied = await IngestAsync(ingested, file);

        await using var consumed = Services(Path.Combine(_directory, "consume"));
        var first = Processor(consumed, _hub, FastOptions("first", batchSize: 16));
        var second = Processor(consumed, _hub, FastOptions("second", batchSize: 16));
        await Task.WhenAll(first.StartProcessingAsync(), second.StartProcessingAsync());
        var store = new BlobCheckpointStore(consumed.GetRequiredService<IBlobStore>());
        var owners = new List<string>();
        await WaitForAsync(
            async () =>
            {
                var ownership = (await store.ListOwnershipAsync(first.FullyQualifiedNamespace, _hub.Name, "$Default", CancellationToken.None)).ToList();
                owners = [.. ownership.Select(o => o.OwnerIdentifier)];
                return first.Totals.Received + second.Totals.Received >= _hub.EventCount
                    && ownership.Count == _hub.PartitionIds.Count
                    && owners.Count(o => o == "first") == 2 && owners.Count(o => o == "second") == 2;
            },
            Timeout,
            "both consumers to own two partitions each and every event to be received");
        await Task.WhenAll(first.StopAsync(CancellationToken.None), second.StopAsync(CancellationToken.None));

        // A partition moving between owners may be delivered twice around the hand-over; the watermarks make the second
        // delivery a duplicate, so every event is applied exactly once across both consumers.
        Assert.Equal(applied, first.Totals.Applied + second.Totals.Applied);
        Assert.True(first.Totals.Received > 0 && second.Totals.Received > 0);
        await AssertSameFeaturesAsync(ingested, consumed);
    }

    [Fact]
    public async Task Bad_events_in_the_stream_are_dead_lettered_with_their_partition_and_sequence_number()
    {
        await using (var producer = new EventHubProducerClient(_hub.ConnectionString, _hub.Name))
        {
            await producer.SendAsync(
                [
                    new EventData(BinaryData.FromString("""{"id":"ok1","type":"page_view","customerId":"c-bad","timestamp":"2026-03-01T00:00:00Z"}""")),
                    new EventData(BinaryData.FromString("""{"id":"bad1","type":"teleport","customerId":"c-bad","timestamp":"2026-03-01T00:00:00Z"}""")),
                    new EventData(BinaryData.FromString("not json")),
                ],
                new SendEventOptions { PartitionKey = "c-bad" });
        }

        await using var consumed = Services(Path.Combine(_directory, "consume"));
        var processor = Processor(consumed, _hub, FastOptions("only"));
        await processor.StartProcessingAsync();
        await WaitForAsync(() => processor.Totals.Received >= 3, Timeout, "the three events");
        await processor.StopAsync(CancellationToken.None);

        var partition = EventHubsTestDouble.PartitionFor("c-bad", _hub.PartitionIds.Count);
        var letters = new List<DeadLetter>();
        await foreach (var letter in consumed.GetRequiredService<IDeadLetterArchive>().ReadAllAsync(CancellationToken.None))
        {
            letters.Add(letter);
        }

        Assert.Equal(2, processor.Totals.DeadLettered);
        Assert.Equal(
            [(_hub.Name, partition, 1L), (_hub.Name, partition, 2L)],
            letters.Select(l => (l.Source, l.PartitionId, l.SequenceNumber!.Value)).Order());
        Assert.Contains(letters, l => l.RawBody == "not json");
    }

    public void Dispose()
    {
        _hub.Dispose();
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
