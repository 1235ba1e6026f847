using Azure.Core;
using Microsoft.Azure.Cosmos;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>Builds the one CosmosClient of the process, with the domain serializer and bounded SDK-level retries.</summary>
public static class CosmosClientFactory
{
    public static CosmosClient FromConnectionString(string connectionString, StorageOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new CosmosClient(connectionString, ClientOptions(options));
    }

    public static CosmosClient FromIdentity(Uri accountEndpoint, TokenCredential credential, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(accountEndpoint);
        return new CosmosClient(accountEndpoint.ToString(), credential, ClientOptions(options));
    }

    private static CosmosClientOptions ClientOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new CosmosClientOptions
        {
            Serializer = new DomainCosmosSerializer(),
            ConnectionMode = options.CosmosGatewayMode ? ConnectionMode.Gateway : ConnectionMode.Direct,
            RequestTimeout = options.CosmosRequestTimeout,
            // The SDK honours the service's retry-after on 429 a few times; the store's own bounded retry sits above it.
            MaxRetryAttemptsOnRateLimitedRequests = 3,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(10),
            ApplicationName = "SegmentFunctions",
        };

        if (options.AcceptAnyServerCertificate)
        {
            clientOptions.LimitToEndpoint = true;
            clientOptions.ServerCertificateCustomValidationCallback = (_, _, _) => true;
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        return clientOptions;
    }
}
