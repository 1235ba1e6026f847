using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;
using PortBlobProperties = SegmentFunctions.Application.Ports.BlobProperties;

namespace SegmentFunctions.Storage.Blobs;

/// <summary>
/// Blobs in Azure Blob Storage; "container/name" is a blob in that container, and containers are created on first
/// write. Conditions map to If-None-Match: * and If-Match, leases to blob leases.
/// </summary>
public sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    private readonly ConcurrentDictionary<string, Task> _createdContainers = new(StringComparer.Ordinal);

    public async Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var blob = Client(BlobPath.Parse(path));
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlobDownload(response.Value.Content, response.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blobPath = BlobPath.Parse(path);
        var options = new BlobUploadOptions
        {
            Conditions = condition.Kind switch
            {
                BlobConditionKind.None => null,
                BlobConditionKind.IfNotExists => new BlobRequestConditions { IfNoneMatch = ETag.All },
                BlobConditionKind.IfMatch => new BlobRequestConditions { IfMatch = new ETag(condition.ETag!) },
                _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown blob condition."),
            },
        };

        await EnsureContainerAsync(blobPath.Container, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await Client(blobPath).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 || (ex.Status == 404 && condition.Kind == BlobConditionKind.IfMatch))
        {
            throw new BlobConditionFailedException(path);
        }
    }

    public async Task<PortBlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        var blobPath = BlobPath.Parse(path);
        try
        {
            var response = await Client(blobPath).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new PortBlobProperties(path, response.Value.ContentLength, response.Value.ETag.ToString(), response.Value.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<PortBlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (container, namePrefix) = BlobPath.ParsePrefix(prefix);
        var client = service.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var items = client.GetBlobsAsync(new GetBlobsOptions { Prefix = namePrefix.Length == 0 ? null : namePrefix }, cancellationToken);
        await foreach (var item in items.ConfigureAwait(false))
        {
            yield return new PortBlobProperties(
                $"{container}/{item.Name}",
                item.Properties.ContentLength ?? 0,
                item.Properties.ETag?.ToString() ?? string.Empty,
                item.Properties.LastModified ?? DateTimeOffset.MinValue);
        }
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var response = await Client(BlobPath.Parse(path)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public async Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        var blobPath = BlobPath.Parse(path);
        var blob = Client(blobPath);
        await EnsureContainerAsync(blobPath.Container, cancellationToken).ConfigureAwait(false);
        try
        {
            using var empty = new MemoryStream([], writable: false);
            await blob.UploadAsync(empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // It exists already (and may be leased): acquiring below decides.
        }

        var leaseClient = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        try
        {
            await leaseClient.AcquireAsync(duration, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new AzureBlobLease(path, leaseClient);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private BlobClient Client(BlobPath path) => service.GetBlobContainerClient(path.Container).GetBlobClient(path.Name);

    /// <summary>Once per container and process; a failed creation is forgotten so the next call tries again.</summary>
    private async Task EnsureContainerAsync(string container, CancellationToken cancellationToken)
    {
        var creation = _createdContainers.GetOrAdd(container,
            name => service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        try
        {
            await creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            _createdContainers.TryRemove(new KeyValuePair<string, Task>(container, creation));
            throw;
        }
    }
}
