using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// The status document of the run this worker executes: every write is conditional on the ETag of the previous one,
/// so a worker that lost the run to another one fails instead of overwriting it.
/// </summary>
internal sealed class RunStatusTracker(RunDocuments documents, OrchestrationStatus status, string etag, TimeProvider clock)
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lock _custom = new();
    private OrchestrationCustomStatus? _customStatus = status.CustomStatus;
    private bool _customChanged;

    public OrchestrationStatus Current { get; private set; } = status;

    public string? CurrentStep
    {
        get
        {
            lock (_custom)
            {
                return _customStatus?.Step;
            }
        }
    }

    public void SetCustomStatus(string step, double progress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        lock (_custom)
        {
            var next = new OrchestrationCustomStatus(step, Math.Clamp(progress, 0.0, 1.0));
            _customChanged |= next != _customStatus;
            _customStatus = next;
        }
    }

    /// <summary>Persists a custom status set since the last write, if any.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken)
    {
        lock (_custom)
        {
            if (!_customChanged)
            {
                return Task.CompletedTask;
            }
        }

        return UpdateAsync(s => s, cancellationToken);
    }

    public async Task UpdateAsync(Func<OrchestrationStatus, OrchestrationStatus> change, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            OrchestrationCustomStatus? custom;
            lock (_custom)
            {
                custom = _customStatus;
                _customChanged = false;
            }

            var next = change(Current) with { CustomStatus = custom, LastUpdatedTime = clock.GetUtcNow() };
            etag = await documents.WriteStatusAsync(next, BlobCondition.IfMatch(etag), cancellationToken);
            Current = next;
        }
        finally
        {
            _writes.Release();
        }
    }
}
