using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Snapshots;

/// <summary>
/// A store whose downloads of blobs named <c>*.parquet</c> wait until <see cref="Release"/>, honouring the caller's
/// cancellation as a real download would; <see cref="DownloadStarted"/> completes when the first one begins.
/// </summary>
public sealed class GatedDownloadsBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task DownloadStarted => _started.Task;

    public void Release() => _gate.TrySetResult();

    public async Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".parquet", StringComparison.Ordinal))
        {
            _started.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.OpenReadAsync(path, cancellationToken);
    }

    public Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken) =>
        inner.WriteAsync(path, content, condition, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(path, duration, cancellationToken);
}
