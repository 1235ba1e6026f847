using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// A feature store in a dictionary, for endpoint tests that are about HTTP, not storage. It keeps the port's
/// contract (conditional writes, ETags) so tests written against <see cref="IFeatureStore"/> run unchanged on the
/// SQLite store. <see cref="FailWith"/> makes every call throw, to exercise error mapping.
/// </summary>
public sealed class InMemoryFeatureStore : IFeatureStore
{
    private readonly ConcurrentDictionary<string, StoredFeatures> _documents = new(StringComparer.Ordinal);
    private long _version;

    public Exception? FailWith { get; set; }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(_documents.TryGetValue(customerId, out var stored) ? stored : null);
    }

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var etag = $"\"{Interlocked.Increment(ref _version)}\"";
        var next = new StoredFeatures(features, etag);
        var written = ifMatchETag is null
            ? _documents.TryAdd(features.CustomerId, next)
            : _documents.TryGetValue(features.CustomerId, out var current)
              && current.ETag == ifMatchETag
              && _documents.TryUpdate(features.CustomerId, next, current);
        return Task.FromResult(written ? FeatureWriteResult.Written(etag) : FeatureWriteResult.Conflict);
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(_documents.TryRemove(customerId, out _));
    }

    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        foreach (var stored in _documents.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return stored.Features;
        }

        await Task.CompletedTask;
    }

    private void ThrowIfFailing()
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }
    }
}
