using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.Cosmos;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Composition;

[Collection(Emulators.Collection)]
public sealed class StorageServiceCollectionTests(Emulators emulators) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Without_connections_everything_is_embedded_under_SEGMENT_DATA_DIR()
    {
        using var services = Build(new Dictionary<string, string?> { ["SEGMENT_DATA_DIR"] = _directory.Path });

        var features = services.GetRequiredService<IFeatureStore>();
        await features.WriteAsync(new CustomerFeatures { CustomerId = "c1" }, null, CancellationToken.None);
        await services.GetRequiredService<IDeadLetterSink>().WriteAsync(
            [new DeadLetter("bad", "{}", "hub", "0", 1, null, DateTimeOffset.UtcNow)], CancellationToken.None);

        Assert.IsType<SqliteFeatureStore>(features);
        Assert.IsType<LocalFolderBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.IsType<FileDeadLetterSink>(services.GetRequiredService<IDeadLetterSink>());
        Assert.True(File.Exists(Path.Combine(_directory.Path, "features.db")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_directory.Path, "deadletter"), "*.jsonl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Connection_strings_select_Cosmos_and_Azure_Storage()
    {
        var settings = new Dictionary<string, string?>(emulators.Settings)
        {
            ["Storage:CosmosContainer"] = "di-" + Guid.NewGuid().ToString("N")[..12],
        };
        using var services = Build(settings);

        var features = services.GetRequiredService<IFeatureStore>();
        var written = await features.WriteAsync(new CustomerFeatures { CustomerId = "c-di" }, null, CancellationToken.None);
        var blobs = services.GetRequiredService<IBlobStore>();
        var path = $"di-{Guid.NewGuid():N}"[..15] + "/hello.txt";
        await blobs.WriteAsync(path, new MemoryStream("hello"u8.ToArray()), BlobCondition.None, CancellationToken.None);
        await using var download = await blobs.OpenReadAsync(path, CancellationToken.None);

        Assert.IsType<CosmosFeatureStore>(features);
        Assert.True(written.Succeeded);
        Assert.IsType<AzureBlobStore>(blobs);
        Assert.IsType<BlobDeadLetterSink>(services.GetRequiredService<IDeadLetterSink>());
        Assert.Equal("hello", await new StreamReader(download!.Content).ReadToEndAsync());
    }

    [Fact]
    public void Identity_settings_are_read_with_the_Functions_host_names()
    {
        var connections = StorageConnections.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CosmosDb:accountEndpoint"] = "https://acct.documents.azure.com:443/",
            ["CosmosDb:clientId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
        }).Build());

        Assert.True(connections.HasCosmos);
        Assert.Null(connections.CosmosConnectionString);
        Assert.Equal("11111111-2222-3333-4444-555555555555", connections.CosmosClientId);
        Assert.True(connections.HasStorage);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), connections.QueueServiceUri);
        Assert.Equal(StorageConnections.DefaultDataDirectory, connections.DataDirectory);
    }

    [Fact]
    public void A_malformed_service_uri_is_a_clear_configuration_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CosmosDb:accountEndpoint"] = "not a uri",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnections.From(configuration));

        Assert.Contains("CosmosDb__accountEndpoint", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSegmentStorage(configuration).BuildServiceProvider();
    }
}
