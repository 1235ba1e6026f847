using System.Net;
using Microsoft.Azure.Cosmos;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>
/// A container created (with its database) on first use, once, with transient faults retried; shared by the Cosmos
/// adapters so each names only its container and partition key.
/// </summary>
internal sealed class LazyCosmosContainer(CosmosClient client, string database, ContainerProperties properties, TransientRetry retry, string storeName)
{
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private Container? _container;

    /// <summary>Throttling, timeouts, gone and network faults: worth a retry; anything else is not.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.RequestTimeout or HttpStatusCode.Gone or (HttpStatusCode)449,
        HttpRequestException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    public async Task<Container> GetAsync(CancellationToken cancellationToken)
    {
        if (_container is { } ready)
        {
            return ready;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _container ??= await retry.ExecuteAsync(storeName, "create database and container", async ct =>
            {
                Database created = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: ct).ConfigureAwait(false);
                Container container = await created.CreateContainerIfNotExistsAsync(properties, cancellationToken: ct).ConfigureAwait(false);
                return container;
            }, IsTransient, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _initialization.Release();
        }
    }
}
