using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.BatchScoring;

/// <summary>
/// Passes every call to an inner store and records writes and deletes in order ("write path", "delete path"); writes
/// to paths containing <see cref="FailWritesContaining"/> throw instead, as a storage outage in the middle of a run.
/// </summary>
internal sealed class RecordingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly List<string> _operations = [];

    public IReadOnlyList<string> Operations
    {
        get
        {
            lock (_operations)
            {
                return [.. _operations];
            }
        }
    }

    public string? FailWritesContaining { get; set; }

    public Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

    public Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        if (FailWritesContaining is { } fail && path.Contains(fail, StringComparison.Ordinal))
        {
            throw new IOException($"Injected outage writing {path}.");
        }

        Record($"write {path}");
        return inner.WriteAsync(path, content, condition, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        Record($"delete {path}");
        return inner.DeleteAsync(path, cancellationToken);
    }

    public Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(path, duration, cancellationToken);

    private void Record(string operation)
    {
        lock (_operations)
        {
            _operations.Add(operation);
        }
    }
}
