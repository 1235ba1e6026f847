using Azure;
using Azure.Storage.Blobs.Specialized;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Blobs;

internal sealed class AzureBlobLease(string path, BlobLeaseClient lease) : IBlobLease
{
    public string Path => path;
    public string LeaseId => lease.LeaseId;

    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            await lease.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new LeaseLostException(path);
        }
    }

    /// <remarks>Releasing a lease that was already lost or released is not an error: the goal (not holding it) holds.</remarks>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await lease.ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
}
