using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Tests.Orchestration;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>The retraining contract on the in-memory blob store with a manual clock: every crash point, no waiting for leases.</summary>
public sealed class InMemoryRetrainTests : RetrainContract
{
    private readonly ManualClock _clock = new(RetrainShop.T2.AddDays(1));

    public InMemoryRetrainTests() => Blobs = new InMemoryBlobStore(_clock);

    protected override IBlobStore Blobs { get; }

    protected override TimeProvider Clock => _clock;

    /// <summary>A published run with labels journals eleven activities.</summary>
    protected override IReadOnlyList<int> CrashPoints { get; } = [.. Enumerable.Range(1, 11)];

    protected override Task LetLeaseExpireAsync()
    {
        _clock.Advance(TimeSpan.FromSeconds(16));
        return Task.CompletedTask;
    }
}
