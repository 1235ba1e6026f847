using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// One container's blobs in one store and every other container's in another: a benchmark reads snapshots kept
/// between runs while each run writes its models, scores and records into a store of its own.
/// </summary>
internal sealed class ContainerRoutedBlobStore(string container, IBlobStore containerStore, IBlobStore others) : IBlobStore
{
    private readonly string _prefix = $"{container}/";

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        For(path).OpenReadAsync(path, cancellationToken);

    public Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken) =>
        For(path).WriteAsync(path, content, condition, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) =>
        For(path).GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (_prefix.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length < _prefix.Length)
        {
            throw new NotSupportedException($"Listing '{prefix}' would span the stores of '{container}' and of the other containers.");
        }

        return For(prefix).ListAsync(prefix, cancellationToken);
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) =>
        For(path).DeleteAsync(path, cancellationToken);

    public Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        For(path).TryAcquireLeaseAsync(path, duration, cancellationToken);

    private IBlobStore For(string path) => path.StartsWith(_prefix, StringComparison.Ordinal) ? containerStore : others;
}
