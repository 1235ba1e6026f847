using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>
/// The suppression list in a Cosmos DB container of its own (id = customer id, suppressedAt), so erasure records never
/// mix with feature documents or their read feed. Every record is in one logical partition (/list = "suppressed"):
/// a batch lookup is then a single-partition query that needs no cross-partition query plan, and erasures are far too
/// rare for one partition's throughput or 20 GB (about 100 million records) to bind. The lookup is one query,
/// <c>SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS([...], c.id)</c>, with the ids written as a JSON array literal:
/// JSON string escaping is Cosmos SQL's, so no id can break out of its literal, and no query parameter has to go
/// through the domain serializer.
/// </summary>
public sealed class CosmosSuppressionList : ISuppressionList
{
    private const string StoreName = "Cosmos DB suppression list";

    /// <summary>Ids per query, keeping the query text well under Cosmos DB's 256 KB limit at 256-character ids.</summary>
    private const int IdsPerQuery = 500;

    private const string ListName = "suppressed";
    private static readonly PartitionKey List = new(ListName);

    private readonly TransientRetry _retry;
    private readonly LazyCosmosContainer _container;

    public CosmosSuppressionList(CosmosClient client, StorageOptions options, ILogger<CosmosSuppressionList> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _retry = new TransientRetry(Math.Max(1, options.CosmosMaxAttempts), options.CosmosRetryBaseDelay, logger);
        _container = new LazyCosmosContainer(client, options.CosmosDatabase, new ContainerProperties(options.CosmosSuppressionContainer, "/list"), _retry, StoreName);
    }

    public async Task AddAsync(string customerId, DateTimeOffset suppressedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var body = Document(customerId, suppressedAt);
        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        await _retry.ExecuteAsync(StoreName, "add", async ct =>
        {
            using var content = new MemoryStream(body, writable: false);
            using var response = await container.CreateItemStreamAsync(content, List, cancellationToken: ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                response.EnsureSuccessStatusCode();
            }

            return true;
        }, LazyCosmosContainer.IsTransient, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<string>> FindSuppressedAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (customerIds.Count == 0)
        {
            return found;
        }

        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in customerIds.Chunk(IdsPerQuery))
        {
            var ids = JsonSerializer.Serialize<IReadOnlyCollection<string>>(chunk, SuppressionJsonContext.Default.IReadOnlyCollectionString);
            var query = new QueryDefinition($"SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS({ids}, c.id)");
            var page = await _retry.ExecuteAsync(StoreName, "lookup", async ct =>
            {
                var ofChunk = new List<string>();
                using var feed = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = List });
                while (feed.HasMoreResults)
                {
                    using var response = await feed.ReadNextAsync(ct).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct).ConfigureAwait(false);
                    foreach (var id in document.RootElement.GetProperty("Documents").EnumerateArray())
                    {
                        ofChunk.Add(id.GetString()!);
                    }
                }

                return ofChunk;
            }, LazyCosmosContainer.IsTransient, cancellationToken).ConfigureAwait(false);
            found.UnionWith(page);
        }

        return found;
    }

    private static byte[] Document(string customerId, DateTimeOffset suppressedAt)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", customerId);
            writer.WriteString("list", ListName);
            writer.WriteString("suppressedAt", suppressedAt.ToUniversalTime());
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

}
