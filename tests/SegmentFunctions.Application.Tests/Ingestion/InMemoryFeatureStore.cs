using System.Runtime.CompilerServices;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Application.Tests.Ingestion;

/// <summary>
/// An <see cref="IFeatureStore"/> in memory that behaves like the real ones where the featurizer depends on it:
/// documents are stored as their JSON (no shared references), every write checks the ETag exactly and issues a new
/// one, and round trips are counted. Hooks let tests interleave another writer or make the store unavailable.
/// </summary>
internal sealed class InMemoryFeatureStore : IFeatureStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Json, string ETag)> documents = new(StringComparer.Ordinal);
    private long version;
    private int reads;
    private int writes;
    private int writesBeforeFailure = -1;

    public int Reads => Volatile.Read(ref reads);
    public int Writes => Volatile.Read(ref writes);

    /// <summary>Runs after a point read has taken its snapshot and before it returns it.</summary>
    public Func<string, CancellationToken, Task>? AfterRead { get; set; }

    /// <summary>When set, every operation throws this as the store staying unavailable.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Lets <paramref name="successfulWrites"/> more writes through, then fails the next one as unavailable (once).</summary>
    public void FailAfterWrites(int successfulWrites) => writesBeforeFailure = successfulWrites;

    public async Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref reads);
        ThrowIfUnavailable();
        (string Json, string ETag) entry;
        bool found;
        lock (gate)
        {
            found = documents.TryGetValue(customerId, out entry);
        }

        if (AfterRead is { } hook)
        {
            await hook(customerId, cancellationToken);
        }

        return found ? new StoredFeatures(Deserialize(entry.Json), entry.ETag) : null;
    }

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writes);
        ThrowIfUnavailable();
        lock (gate)
        {
            if (writesBeforeFailure == 0)
            {
                writesBeforeFailure = -1;
                throw new StoreUnavailableException("Injected: the feature store is unavailable.");
            }

            if (writesBeforeFailure > 0)
            {
                writesBeforeFailure--;
            }

            var exists = documents.TryGetValue(features.CustomerId, out var current);
            if (ifMatchETag is null ? exists : !exists || current.ETag != ifMatchETag)
            {
                return Task.FromResult(FeatureWriteResult.Conflict);
            }

            var etag = $"\"{++version}\"";
            documents[features.CustomerId] = (Serialize(features), etag);
            return Task.FromResult(FeatureWriteResult.Written(etag));
        }
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (gate)
        {
            return Task.FromResult(documents.Remove(customerId));
        }
    }

    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        string[] all;
        lock (gate)
        {
            all = [.. documents.Values.Select(d => d.Json)];
        }

        foreach (var json in all)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return Deserialize(json);
        }
    }

    /// <summary>The stored document, outside the round-trip count.</summary>
    public CustomerFeatures? Peek(string customerId)
    {
        lock (gate)
        {
            return documents.TryGetValue(customerId, out var entry) ? Deserialize(entry.Json) : null;
        }
    }

    public IReadOnlyList<string> CustomerIds()
    {
        lock (gate)
        {
            return [.. documents.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Another writer rewrites the document unchanged: only its ETag moves.</summary>
    public void Touch(string customerId)
    {
        lock (gate)
        {
            var entry = documents[customerId];
            documents[customerId] = (entry.Json, $"\"{++version}\"");
        }
    }

    public void ResetCounters()
    {
        Volatile.Write(ref reads, 0);
        Volatile.Write(ref writes, 0);
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new StoreUnavailableException("Injected: the feature store is unavailable.");
        }
    }

    private static string Serialize(CustomerFeatures features) => JsonSerializer.Serialize(features, DomainJsonContext.Default.CustomerFeatures);

    private static CustomerFeatures Deserialize(string json) => JsonSerializer.Deserialize(json, DomainJsonContext.Default.CustomerFeatures)!;
}
