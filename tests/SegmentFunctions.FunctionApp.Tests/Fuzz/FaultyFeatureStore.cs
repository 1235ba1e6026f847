using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.FunctionApp.Tests.Fuzz;

/// <summary>
/// A feature store that fails a seeded share of reads and writes as the real stores fail when unavailable, and, when
/// told, every read of one customer with the same non-transient exception (a document the store cannot read).
/// </summary>
public sealed class FaultyFeatureStore(IFeatureStore inner, int seed) : IFeatureStore
{
    public const string InjectedMessage = "Injected transient store fault.";

    private readonly Random _random = new(seed);

    /// <summary>The share of calls that fail; 0 turns faults off.</summary>
    public double FaultRate { get; set; }

    public int Injected { get; private set; }

    /// <summary>The customer whose every read fails with <see cref="InvalidDataException"/>; null for none.</summary>
    public string? UnreadableCustomer { get; set; }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken) =>
        customerId == UnreadableCustomer ? Task.FromException<StoredFeatures?>(new InvalidDataException($"The document of {customerId} cannot be read."))
        : ShouldFail() ? Task.FromException<StoredFeatures?>(Transient())
        : inner.ReadAsync(customerId, cancellationToken);

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken) =>
        ShouldFail() ? Task.FromException<FeatureWriteResult>(Transient()) : inner.WriteAsync(features, ifMatchETag, cancellationToken);

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken) => inner.DeleteAsync(customerId, cancellationToken);

    public IAsyncEnumerable<CustomerFeatures> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    private static StoreUnavailableException Transient() => new(InjectedMessage);

    private bool ShouldFail()
    {
        lock (_random)
        {
            if (_random.NextDouble() >= FaultRate)
            {
                return false;
            }

            Injected++;
            return true;
        }
    }
}
