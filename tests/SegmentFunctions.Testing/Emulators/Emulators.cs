using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.Cosmos;
using Xunit;

namespace SegmentFunctions.Testing.Emulators;

/// <summary>
/// Azurite (Blob + Queue, in memory, loose mode) and cosmosdb-server on free loopback ports, for the lifetime of a test
/// collection. Use it from any test project by declaring, in that project,
/// <c>[CollectionDefinition(Emulators.Collection)] public sealed class EmulatorsCollection : ICollectionFixture&lt;Emulators&gt;;</c>
/// and marking test classes <c>[Collection(Emulators.Collection)]</c> with an <see cref="Emulators"/> constructor parameter.
/// </summary>
public sealed class Emulators : IAsyncLifetime
{
    public const string Collection = "Emulators";

    /// <summary>The well-known development account of Azurite.</summary>
    private const string AzuriteAccount = "devstoreaccount1";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Any base64 key signs requests to cosmosdb-server; this is the public Cosmos emulator key.</summary>
    private const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private EmulatorProcess? _azurite;
    private EmulatorProcess? _cosmos;

    public string StorageConnectionString { get; private set; } = string.Empty;
    public string CosmosConnectionString { get; private set; } = string.Empty;
    public Uri CosmosEndpoint { get; private set; } = new("https://127.0.0.1/");

    /// <summary>One client for the collection (the SDK wants one per process); stores built on it share its connections.</summary>
    public CosmosClient CosmosClient { get; private set; } = null!;

    /// <summary>Options for stores on cosmosdb-server: gateway mode, its self-signed certificate, short retries.</summary>
    public static StorageOptions CosmosOptions(string? container = null) => new()
    {
        CosmosDatabase = "segmentfunctions-tests",
        CosmosContainer = container ?? "features-" + Guid.NewGuid().ToString("N")[..12],
        CosmosGatewayMode = true,
        AcceptAnyServerCertificate = true,
        CosmosMaxAttempts = 3,
        CosmosRetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Settings that make <c>AddSegmentStorage</c> use both emulators.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [StorageConnections.CosmosName] = CosmosConnectionString,
        [StorageConnections.StorageName] = StorageConnectionString,
        ["Storage:CosmosGatewayMode"] = "true",
        ["Storage:AcceptAnyServerCertificate"] = "true",
    };

    public BlobServiceClient CreateBlobServiceClient() => new(StorageConnectionString);

    /// <summary>A feature store on its own new container of cosmosdb-server.</summary>
    public CosmosFeatureStore CreateCosmosFeatureStore(string? container = null) =>
        new(CosmosClient, CosmosOptions(container), NullLogger<CosmosFeatureStore>.Instance);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await EmulatorPackages.EnsureInstalledAsync(timeout.Token);

        var (blobPort, queuePort, tablePort, cosmosPort) =
            (EmulatorProcess.FreePort(), EmulatorProcess.FreePort(), EmulatorProcess.FreePort(), EmulatorProcess.FreePort());
        _azurite = EmulatorProcess.Start("Azurite", Path.Combine("node_modules", "azurite", "dist", "src", "azurite.js"),
        [
            "--silent", "--inMemoryPersistence", "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
        ]);
        _cosmos = EmulatorProcess.Start("cosmosdb-server", "cosmosdb-server.js",
            ["--host", "127.0.0.1", "--port", $"{cosmosPort}"]);

        await Task.WhenAll(
            _azurite.WaitUntilListeningAsync([blobPort, queuePort, tablePort], StartTimeout, timeout.Token),
            _cosmos.WaitUntilListeningAsync([cosmosPort], StartTimeout, timeout.Token));

        StorageConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount};AccountKey={AzuriteKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AzuriteAccount};QueueEndpoint=http://127.0.0.1:{queuePort}/{AzuriteAccount};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AzuriteAccount};";
        CosmosEndpoint = new Uri($"https://127.0.0.1:{cosmosPort}/");
        CosmosConnectionString = $"AccountEndpoint={CosmosEndpoint};AccountKey={CosmosKey};";
        CosmosClient = CosmosClientFactory.FromConnectionString(CosmosConnectionString, CosmosOptions());
    }

    public async Task DisposeAsync()
    {
        CosmosClient?.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_cosmos is not null)
        {
            await _cosmos.DisposeAsync();
        }
    }
}
