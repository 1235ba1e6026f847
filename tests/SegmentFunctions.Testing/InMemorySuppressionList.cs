using System.Collections.Concurrent;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Testing;

/// <summary>A suppression list in a dictionary, for featurizer tests that are not about storage; counts its lookups.</summary>
public sealed class InMemorySuppressionList : ISuppressionList
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _suppressed = new(StringComparer.Ordinal);
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public Task AddAsync(string customerId, DateTimeOffset suppressedAt, CancellationToken cancellationToken)
    {
        _suppressed.TryAdd(customerId, suppressedAt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> FindSuppressedAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return Task.FromResult<IReadOnlySet<string>>(customerIds.Where(_suppressed.ContainsKey).ToHashSet(StringComparer.Ordinal));
    }
}
