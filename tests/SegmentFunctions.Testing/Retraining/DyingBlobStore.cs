using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// A worker's view of a blob store that dies right after the <paramref name="dieAfter"/>-th write whose path
/// matches <paramref name="isCheckpoint"/> (e.g. journal records) lands: that write and every later operation (lease
/// renewal and release included) throw <see cref="SimulatedCrashException"/>, as if the process were killed then.
/// </summary>
public sealed class DyingBlobStore(IBlobStore inner, Func<string, bool> isCheckpoint, int dieAfter) : IBlobStore
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _checkpoints;
    private volatile bool _dead;

    public bool HasDied => _dead;

    /// <summary>Dies after the <paramref name="records"/>-th activity record of any run is journaled.</summary>
    public static DyingBlobStore AfterJournalRecords(IBlobStore inner, int records) =>
        new(inner, path => path.Contains("/history/", StringComparison.Ordinal), records);

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.OpenReadAsync(path, cancellationToken);
    }

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        // One write at a time, so that none lands after the death.
        await _writes.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDead();
            var etag = await inner.WriteAsync(path, content, condition, cancellationToken);
            if (isCheckpoint(path) && ++_checkpoints == dieAfter)
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
        return lease is null ? null : new DyingLease(lease, this);
    }

    private void ThrowIfDead()
    {
        if (_dead)
        {
            throw new SimulatedCrashException();
        }
    }

    private sealed class DyingLease(IBlobLease inner, DyingBlobStore store) : IBlobLease
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
