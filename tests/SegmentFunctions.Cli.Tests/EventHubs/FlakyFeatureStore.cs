using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>
/// The embedded feature store with transient write faults on demand: the next writes of one customer fail as a store
/// that stays unavailable past the adapter's retries fails (<see cref="StoreUnavailableException"/>); everything else
/// goes to the real store.
/// </summary>
internal sealed class FlakyFeatureStore(IFeatureStore inner) : IFeatureStore, IDisposable
{
    private readonly Lock _gate = new();
    private string? _customerId;
    private int _failuresLeft;

    public int Injected { get; private set; }

    public void FailNextWrites(string customerId, int count)
    {
        lock (_gate)
        {
            _customerId = customerId;
            _failuresLeft = count;
        }
    }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken) => inner.ReadAsync(customerId, cancellationToken);

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (features.CustomerId == _customerId && _failuresLeft > 0)
            {
                _failuresLeft--;
                Injected++;
                return Task.FromException<FeatureWriteResult>(new StoreUnavailableException("Injected: the store is unavailable."));
            }
        }

        return inner.WriteAsync(features, ifMatchETag, cancellationToken);
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken) => inner.DeleteAsync(customerId, cancellationToken);

    public IAsyncEnumerable<CustomerFeatures> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
