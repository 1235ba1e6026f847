using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Embedded;

internal sealed class LocalFolderBlobLease(LocalFolderBlobStore store, BlobPath blob, string leaseId, TimeSpan duration) : IBlobLease
{
    public string Path => blob.ToString();
    public string LeaseId => leaseId;

    public Task RenewAsync(CancellationToken cancellationToken) => store.RenewLeaseAsync(blob, leaseId, duration, cancellationToken);

    public Task ReleaseAsync(CancellationToken cancellationToken) => store.ReleaseLeaseAsync(blob, leaseId, cancellationToken);

    public async ValueTask DisposeAsync() => await ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
}
