using System.Diagnostics;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Cosmos;
using SegmentFunctions.Testing.Emulators;
using Xunit.Abstractions;
using static SegmentFunctions.Storage.Tests.Features.FeatureSamples;

namespace SegmentFunctions.Storage.Tests.Features;

[Collection(Emulators.Collection)]
public sealed class CosmosFeatureStoreTests(Emulators emulators, ITestOutputHelper output) : FeatureStoreContract
{
    private readonly string _container = "features-" + Guid.NewGuid().ToString("N")[..12];
    private CosmosFeatureStore? _store;

    protected override IFeatureStore Store => _store ??= emulators.CreateCosmosFeatureStore(_container);

    /// <summary>Just over one read-feed page (500), to keep the slow emulator busy only as long as needed.</summary>
    protected override int ReadAllCount => 520;

    [Fact]
    public async Task Stored_document_has_the_domain_json_shape_with_id_equal_to_the_partition_key()
    {
        var id = NewCustomerId();
        await Store.WriteAsync(Customer(id, orders: 2), null, CancellationToken.None);

        var container = emulators.CosmosClient.GetContainer(Emulators.CosmosOptions().CosmosDatabase, _container);
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(id));
        using var document = await JsonDocument.ParseAsync(response.Content);

        var root = document.RootElement;
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(id, root.GetProperty("customerId").GetString());
        Assert.Equal(2, root.GetProperty("orders").GetInt32());
        Assert.Equal(2, root.GetProperty("eventCounts").GetProperty("purchase").GetInt64());
        Assert.False(root.TryGetProperty("Orders", out _));
    }

    /// <summary>Throughput on cosmosdb-server with bounded concurrency; printed for the report, not asserted.</summary>
    [Fact]
    public async Task Bounded_concurrency_writes_and_point_reads_all_complete()
    {
        const int documents = 1000;
        const int inFlight = 32;
        var ids = Enumerable.Range(0, documents).Select(_ => NewCustomerId()).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = inFlight };
        await Store.WriteAsync(Customer(NewCustomerId()), null, CancellationToken.None);

        var writes = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, parallel, async (id, ct) => Assert.True((await Store.WriteAsync(Customer(id), null, ct)).Succeeded));
        writes.Stop();
        var reads = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, parallel, async (id, ct) => Assert.NotNull(await Store.ReadAsync(id, ct)));
        reads.Stop();

        output.WriteLine($"cosmosdb-server, {inFlight} in flight: {documents / writes.Elapsed.TotalSeconds:F0} writes/s, {documents / reads.Elapsed.TotalSeconds:F0} point reads/s");
    }
}
