using System.Collections.Concurrent;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Counts each activity call's executions, keyed by its sequence number in the run: the observable side effect.</summary>
public sealed class SideEffectLog
{
    private readonly ConcurrentDictionary<int, int> _executions = new();

    public void Record(int sequence) => _executions.AddOrUpdate(sequence, 1, (_, n) => n + 1);

    public int Count(int sequence) => _executions.GetValueOrDefault(sequence);

    public IReadOnlyDictionary<int, int> Snapshot() => new Dictionary<int, int>(_executions);
}
