using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Storage;

/// <summary>
/// An <see cref="IBlobStore"/> in memory with Azure's semantics where the engine relies on them: a new ETag per write,
/// IfNotExists/IfMatch conditions, ordinal listing, and expiring exclusive leases (on the given clock) that block
/// writes and deletes of the leased blob. Every call yields first, so concurrent callers interleave.
/// </summary>
public sealed class InMemoryBlobStore(TimeProvider clock) : IBlobStore
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock = clock;
    private readonly SortedDictionary<string, Blob> _blobs = new(StringComparer.Ordinal);
    private long _version;

    public async Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return _blobs.TryGetValue(path, out var blob)
                ? new BlobDownload(new MemoryStream(blob.Content, writable: false), blob.ETag)
                : null;
        }
    }

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        await Task.Yield();
        lock (_lock)
        {
            var exists = _blobs.TryGetValue(path, out var current);
            var holds = condition.Kind switch
            {
                BlobConditionKind.None => true,
                BlobConditionKind.IfNotExists => !exists,
                BlobConditionKind.IfMatch => exists && current!.ETag == condition.ETag,
                _ => throw new ArgumentOutOfRangeException(nameof(condition)),
            };
            if (!holds || (current is not null && IsLeased(current)))
            {
                throw new BlobConditionFailedException(path);
            }

            var blob = new Blob(buffer.ToArray(), NextETag(), _clock.GetUtcNow());
            _blobs[path] = blob;
            return blob.ETag;
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            return _blobs.TryGetValue(path, out var blob) ? Properties(path, blob) : null;
        }
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        List<BlobProperties> page;
        lock (_lock)
        {
            page = [.. _blobs.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(b => Properties(b.Key, b.Value))];
        }

        foreach (var blob in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return blob;
        }
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            if (_blobs.TryGetValue(path, out var blob) && IsLeased(blob))
            {
                throw new BlobConditionFailedException(path);
            }

            return _blobs.Remove(path);
        }
    }

    public async Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(15));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromSeconds(60));
        await Task.Yield();
        lock (_lock)
        {
            if (!_blobs.TryGetValue(path, out var blob))
            {
                blob = new Blob([], NextETag(), _clock.GetUtcNow());
                _blobs[path] = blob;
            }

            if (IsLeased(blob))
            {
                return null;
            }

            blob.LeaseId = Guid.NewGuid().ToString();
            blob.LeaseExpires = _clock.GetUtcNow() + duration;
            return new Lease(this, path, blob.LeaseId, duration);
        }
    }

    private bool IsLeased(Blob blob) => blob.LeaseId is not null && blob.LeaseExpires > _clock.GetUtcNow();

    private string NextETag() => $"\"0x{Interlocked.Increment(ref _version):X8}\"";

    private static BlobProperties Properties(string path, Blob blob) => new(path, blob.Content.Length, blob.ETag, blob.LastModified);

    private sealed class Blob(byte[] content, string etag, DateTimeOffset lastModified)
    {
        public byte[] Content { get; } = content;
        public string ETag { get; } = etag;
        public DateTimeOffset LastModified { get; } = lastModified;
        public string? LeaseId { get; set; }
        public DateTimeOffset LeaseExpires { get; set; }
    }

    /// <summary>Like Azure, an expired lease can still be renewed by its holder until someone else acquires the blob.</summary>
    private sealed class Lease(InMemoryBlobStore store, string path, string leaseId, TimeSpan duration) : IBlobLease
    {
        private bool _released;

        public string Path { get; } = path;
        public string LeaseId { get; } = leaseId;

        public async Task RenewAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (store._lock)
            {
                if (_released || !store._blobs.TryGetValue(Path, out var blob) || blob.LeaseId != LeaseId)
                {
                    throw new LeaseLostException(Path);
                }

                blob.LeaseExpires = store._clock.GetUtcNow() + duration;
            }
        }

        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (store._lock)
            {
                if (!_released && store._blobs.TryGetValue(Path, out var blob) && blob.LeaseId == LeaseId)
                {
                    blob.LeaseId = null;
                }

                _released = true;
            }
        }

        public async ValueTask DisposeAsync() => await ReleaseAsync(CancellationToken.None);
    }
}
