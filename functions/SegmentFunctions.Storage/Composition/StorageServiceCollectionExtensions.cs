using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Storage.Cosmos;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Composition;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores chosen by configuration: Cosmos DB when a Cosmos connection is configured, else embedded
    /// SQLite under SEGMENT_DATA_DIR; Azure Blob Storage when a storage connection is configured, else a local folder.
    /// Registers <see cref="IFeatureStore"/>, <see cref="IBlobStore"/>, <see cref="IDeadLetterSink"/>,
    /// <see cref="IDeadLetterArchive"/>, <see cref="ISuppressionList"/> (next to the
    /// feature store: a Cosmos DB container of its own, or suppressions.db) and <see cref="StorageConnections"/>.
    /// </summary>
    public static IServiceCollection AddSegmentStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connections = StorageConnections.From(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton(connections);

        if (connections.HasCosmos)
        {
            services.TryAddSingleton(sp => CreateCosmosClient(connections, sp.GetRequiredService<IOptions<StorageOptions>>().Value));
            services.TryAddSingleton<IFeatureStore>(sp => new CosmosFeatureStore(
                sp.GetRequiredService<CosmosClient>(),
                sp.GetRequiredService<IOptions<StorageOptions>>().Value,
                Logger<CosmosFeatureStore>(sp)));
            services.TryAddSingleton<ISuppressionList>(sp => new CosmosSuppressionList(
                sp.GetRequiredService<CosmosClient>(),
                sp.GetRequiredService<IOptions<StorageOptions>>().Value,
                Logger<CosmosSuppressionList>(sp)));
        }
        else
        {
            services.TryAddSingleton<IFeatureStore>(_ =>
                new SqliteFeatureStore(Path.Combine(connections.DataDirectory, "features.db")));
            services.TryAddSingleton<ISuppressionList>(_ =>
                new SqliteSuppressionList(Path.Combine(connections.DataDirectory, "suppressions.db")));
        }

        if (connections.HasStorage)
        {
            services.TryAddSingleton(_ => CreateBlobServiceClient(connections));
            services.TryAddSingleton<IBlobStore>(sp => new AzureBlobStore(sp.GetRequiredService<BlobServiceClient>()));
            services.TryAddSingleton<IDeadLetterArchive>(sp => new BlobDeadLetterSink(sp.GetRequiredService<IBlobStore>()));
        }
        else
        {
            services.TryAddSingleton<IBlobStore>(_ => new LocalFolderBlobStore(Path.Combine(connections.DataDirectory, "blobs")));
            services.TryAddSingleton<IDeadLetterArchive>(_ => new FileDeadLetterSink(Path.Combine(connections.DataDirectory, "deadletter")));
        }

        services.TryAddSingleton<IDeadLetterSink>(sp => sp.GetRequiredService<IDeadLetterArchive>());
        return services;
    }

    private static CosmosClient CreateCosmosClient(StorageConnections connections, StorageOptions options) =>
        connections.CosmosConnectionString is { } connectionString
            ? CosmosClientFactory.FromConnectionString(connectionString, options)
            : CosmosClientFactory.FromIdentity(connections.CosmosAccountEndpoint!, Credential(connections.CosmosClientId), options);

    private static BlobServiceClient CreateBlobServiceClient(StorageConnections connections) =>
        connections.StorageConnectionString is { } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(connections.BlobServiceUri!, Credential(connections.StorageClientId));

    /// <summary>A user-assigned identity when its client id is given, else the default chain (system identity, CLI login).</summary>
    private static TokenCredential Credential(string? clientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
