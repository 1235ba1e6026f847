namespace SegmentFunctions.Application.Ports;

/// <summary>
/// Blobs addressed as "container/name/with/slashes" (containers: snapshots, models, runs, scores, deadletter).
/// Implementations: Azure Blob Storage and a local folder. Every write returns the new ETag; conditions make
/// read-modify-write and pointer swaps safe.
/// </summary>
public interface IBlobStore
{
    /// <summary>Opens a blob for reading; null when it does not exist.</summary>
    Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Uploads <paramref name="content"/> (read to its end) under <paramref name="condition"/>.</summary>
    /// <exception cref="BlobConditionFailedException">The condition did not hold; nothing was written.</exception>
    Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken);

    /// <summary>Properties of the blob, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken);

    /// <summary>Blobs whose path starts with <paramref name="prefix"/>, in ordinal path order.</summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an exclusive lease on the blob (created empty when missing) for <paramref name="duration"/> (15-60 s);
    /// null when another holder has it. The holder renews it while working and releases it when done.
    /// </summary>
    Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken);
}
