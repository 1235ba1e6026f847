using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// Throws <paramref name="failure"/> instead of the first <paramref name="times"/> writes whose path matches
/// <paramref name="matches"/>, and counts every matching write attempt (an outage, or a fault that repeats).
/// </summary>
public sealed class FailingWritesBlobStore(IBlobStore inner, Func<string, bool> matches, Func<Exception> failure, int times) : IBlobStore
{
    private int _attempts;

    /// <summary>Matching writes attempted so far, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

    public Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        if (matches(path) && Interlocked.Increment(ref _attempts) <= times)
        {
            throw failure();
        }

        return inner.WriteAsync(path, content, condition, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(path, duration, cancellationToken);
}
