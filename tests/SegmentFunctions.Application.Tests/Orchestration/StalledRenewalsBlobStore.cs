using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>
/// A worker's view of a store whose lease renewals do not arrive while <see cref="Stalled"/> (a long GC pause or a
/// network partition): the lease expires under the worker, which learns of it at its first renewal afterwards.
/// </summary>
public sealed class StalledRenewalsBlobStore(IBlobStore inner) : IBlobStore
{
    public bool Stalled { get; set; }

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

    public Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken) =>
        inner.WriteAsync(path, content, condition, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public async Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        await inner.TryAcquireLeaseAsync(path, duration, cancellationToken) is { } lease ? new Lease(this, lease) : null;

    private sealed class Lease(StalledRenewalsBlobStore store, IBlobLease inner) : IBlobLease
    {
        public string Path => inner.Path;
        public string LeaseId => inner.LeaseId;

        public Task RenewAsync(CancellationToken cancellationToken) =>
            store.Stalled ? Task.CompletedTask : inner.RenewAsync(cancellationToken);

        public Task ReleaseAsync(CancellationToken cancellationToken) => inner.ReleaseAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
