using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>Stores garbage instead of the content of every write whose path matches <paramref name="corrupts"/> (a disk or upload fault).</summary>
public sealed class CorruptingBlobStore(IBlobStore inner, Func<string, bool> corrupts) : IBlobStore
{
    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        if (!corrupts(path))
        {
            return await inner.WriteAsync(path, content, condition, cancellationToken);
        }

        using var garbage = new MemoryStream("PK\u0003\u0004 not a zip archive"u8.ToArray());
        return await inner.WriteAsync(path, garbage, condition, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(path, duration, cancellationToken);
}
