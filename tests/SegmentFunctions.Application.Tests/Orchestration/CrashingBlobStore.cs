using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>
/// A worker's view of a store that dies right after the worker journals its <c>crashAfterRecords</c>-th activity
/// record: that write lands, then it and every later operation (renewing or releasing the lease, writing the status)
/// throws <see cref="ProcessDiedException"/>, as if the process had been killed at that instant.
/// </summary>
public sealed class CrashingBlobStore(IBlobStore inner, int crashAfterRecords) : IBlobStore
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _records;
    private volatile bool _dead;

    public bool HasCrashed => _dead;

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.OpenReadAsync(path, cancellationToken);
    }

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        // Writes go one at a time so that none lands after the crash: a dead process sends nothing more.
        await _writes.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDead();
            var etag = await inner.WriteAsync(path, content, condition, cancellationToken);
            if (path.Contains("/history/", StringComparison.Ordinal) && ++_records == crashAfterRecords)
            {
                _dead = true;
            }

            ThrowIfDead();
            return etag;
        }
        finally
        {
            _writes.Release();
        }
    }

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.GetPropertiesAsync(path, cancellationToken);
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfDead();
        await foreach (var blob in inner.ListAsync(prefix, cancellationToken))
        {
            ThrowIfDead();
            yield return blob;
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.DeleteAsync(path, cancellationToken);
    }

    public async Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        var lease = await inner.TryAcquireLeaseAsync(path, duration, cancellationToken);
        return lease is null ? null : new Lease(this, lease);
    }

    private void ThrowIfDead()
    {
        if (_dead)
        {
            throw new ProcessDiedException();
        }
    }

    private sealed class Lease(CrashingBlobStore store, IBlobLease inner) : IBlobLease
    {
        public string Path => inner.Path;
        public string LeaseId => inner.LeaseId;

        public Task RenewAsync(CancellationToken cancellationToken)
        {
            store.ThrowIfDead();
            return inner.RenewAsync(cancellationToken);
        }

        public Task ReleaseAsync(CancellationToken cancellationToken)
        {
            store.ThrowIfDead();
            return inner.ReleaseAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => store._dead ? ValueTask.CompletedTask : inner.DisposeAsync();
    }
}
