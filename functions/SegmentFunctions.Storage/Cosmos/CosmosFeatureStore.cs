using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Cosmos;

/// <summary>
/// Feature documents in a Cosmos DB container partitioned by /customerId (id = partition key = customer id), accessed
/// only by point operations and the read feed. Point operations use the stream API, so expected outcomes (404, 409,
/// 412) are status codes rather than exceptions; transient faults are retried with backoff a bounded number of times.
/// </summary>
public sealed class CosmosFeatureStore : IFeatureStore
{
    private const string StoreName = "Cosmos DB";
    private const int FeedPageSize = 500;

    private readonly TransientRetry _retry;
    private readonly LazyCosmosContainer _container;

    public CosmosFeatureStore(CosmosClient client, StorageOptions options, ILogger<CosmosFeatureStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _retry = new TransientRetry(Math.Max(1, options.CosmosMaxAttempts), options.CosmosRetryBaseDelay, logger);
        _container = new LazyCosmosContainer(client, options.CosmosDatabase, new ContainerProperties(options.CosmosContainer, "/customerId"), _retry, StoreName);
    }

    /// <summary>Creates the database and container when missing; called on first use, or at start-up to fail fast.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await _container.GetAsync(cancellationToken).ConfigureAwait(false);

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return ExecuteAsync("read", async (container, ct) =>
        {
            using var response = await container.ReadItemStreamAsync(customerId, new PartitionKey(customerId), cancellationToken: ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ThrowUnlessSuccess(response);
            var features = await JsonSerializer.DeserializeAsync(response.Content, DomainJsonContext.Default.CustomerFeatures, ct).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The feature document of '{customerId}' is the JSON literal null.");
            return new StoredFeatures(features, response.Headers.ETag);
        }, cancellationToken);
    }

    /// <summary>The stream API's bytes decoded by <see cref="ServingFeaturesDecoder"/>, which skips the processing state.</summary>
    public async ValueTask<CustomerFeatures?> ReadFeaturesAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return await ExecuteAsync("read", async (container, ct) =>
        {
            using var response = await container.ReadItemStreamAsync(customerId, new PartitionKey(customerId), cancellationToken: ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ThrowUnlessSuccess(response);
            return await DecodeForServingAsync(response.Content, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// A create retried after a timeout may meet its own earlier success and report a conflict; the caller then re-reads
    /// and re-applies, which the document's processing state makes idempotent.
    /// </remarks>
    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentException.ThrowIfNullOrEmpty(features.CustomerId);
        var body = JsonSerializer.SerializeToUtf8Bytes(features, DomainJsonContext.Default.CustomerFeatures);
        var partitionKey = new PartitionKey(features.CustomerId);
        return ExecuteAsync("write", async (container, ct) =>
        {
            using var content = new MemoryStream(body, writable: false);
            using var response = ifMatchETag is null
                ? await container.CreateItemStreamAsync(content, partitionKey, cancellationToken: ct).ConfigureAwait(false)
                : await container.ReplaceItemStreamAsync(content, features.CustomerId, partitionKey,
                    new ItemRequestOptions { IfMatchEtag = ifMatchETag }, ct).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                return FeatureWriteResult.Conflict;
            }

            ThrowUnlessSuccess(response);
            return FeatureWriteResult.Written(response.Headers.ETag);
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return ExecuteAsync("delete", async (container, ct) =>
        {
            using var response = await container.DeleteItemStreamAsync(customerId, new PartitionKey(customerId), cancellationToken: ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            ThrowUnlessSuccess(response);
            return true;
        }, cancellationToken);
    }

    /// <summary>The read feed (a query without text): one page in memory at a time, retried page by page.</summary>
    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        using var feed = container.GetItemQueryIterator<CustomerFeatures>(
            queryText: null,
            requestOptions: new QueryRequestOptions { MaxItemCount = FeedPageSize });
        while (feed.HasMoreResults)
        {
            var page = await _retry.ExecuteAsync(StoreName, "read feed", feed.ReadNextAsync, LazyCosmosContainer.IsTransient, cancellationToken).ConfigureAwait(false);
            foreach (var features in page)
            {
                yield return features;
            }
        }
    }

    /// <summary>
    /// The container's feed ranges (one per physical partition), merged into at most <paramref name="count"/> groups of
    /// neighbours; each token is a JSON array of feed ranges, read one after the other.
    /// </summary>
    public async Task<IReadOnlyList<string>> SplitAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        var ranges = await _retry.ExecuteAsync(StoreName, "feed ranges", container.GetFeedRangesAsync, LazyCosmosContainer.IsTransient, cancellationToken)
            .ConfigureAwait(false);
        var groups = Math.Min(count, ranges.Count);
        return [.. Enumerable.Range(0, groups).Select(g =>
            JsonSerializer.Serialize(
                ranges.Skip(g * ranges.Count / groups).Take(((g + 1) * ranges.Count / groups) - (g * ranges.Count / groups)).Select(r => r.ToJsonString()).ToArray(),
                CosmosFeedRangeJsonContext.Default.StringArray))];
    }

    /// <summary>The documents of a token of <see cref="SplitAsync"/>: its feed ranges' read feeds, a page in memory at a time.</summary>
    public async IAsyncEnumerable<CustomerFeatures> ReadRangeAsync(string range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feedRanges = FeedRangesOf(range);
        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var feedRange in feedRanges)
        {
            using var feed = container.GetItemQueryIterator<CustomerFeatures>(
                feedRange, queryDefinition: null, continuationToken: null, requestOptions: new QueryRequestOptions { MaxItemCount = FeedPageSize });
            while (feed.HasMoreResults)
            {
                var page = await _retry.ExecuteAsync(StoreName, "read feed range", feed.ReadNextAsync, LazyCosmosContainer.IsTransient, cancellationToken).ConfigureAwait(false);
                foreach (var features in page)
                {
                    yield return features;
                }
            }
        }
    }

    private static FeedRange[] FeedRangesOf(string range)
    {
        try
        {
            var ranges = JsonSerializer.Deserialize(range, CosmosFeedRangeJsonContext.Default.StringArray);
            if (ranges is { Length: > 0 })
            {
                return [.. ranges.Select(FeedRange.FromJsonString)];
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"'{range}' is not a range of this feature store: {e.Message}", nameof(range), e);
        }

        throw new ArgumentException($"'{range}' is not a range of this feature store.", nameof(range));
    }

    private async Task<T> ExecuteAsync<T>(string operation, Func<Container, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var container = await _container.GetAsync(cancellationToken).ConfigureAwait(false);
        return await _retry.ExecuteAsync(StoreName, operation, ct => action(container, ct), LazyCosmosContainer.IsTransient, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SDK hands the body over as a memory stream, decoded in place; any other stream is copied first.</summary>
    private static async Task<CustomerFeatures?> DecodeForServingAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            return ServingFeaturesDecoder.Decode(buffer.AsSpan((int)memory.Position));
        }

        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return ServingFeaturesDecoder.Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    private static void ThrowUnlessSuccess(ResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
