using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// A feature store that counts the bytes of every document it writes (as stored: body and processing state), for the
/// bytes-per-write figure; everything else goes to the inner store.
/// </summary>
internal sealed class WriteCountingFeatureStore(IFeatureStore inner) : IFeatureStore
{
    private long _writes;
    private long _bytes;

    public long Writes => Interlocked.Read(ref _writes);

    public long Bytes => Interlocked.Read(ref _bytes);

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken) => inner.ReadAsync(customerId, cancellationToken);

    public async Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(features, ifMatchETag, cancellationToken);
        if (result.Succeeded)
        {
            Interlocked.Increment(ref _writes);
            Interlocked.Add(ref _bytes, DedupeStateSizes.Measure(features).Document);
        }

        return result;
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken) => inner.DeleteAsync(customerId, cancellationToken);

    public IAsyncEnumerable<CustomerFeatures> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);
}
