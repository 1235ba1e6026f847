using System.Collections.Concurrent;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>
/// What the test workflow's steps do, shared with the test: counts executions per step, and can make the train step
/// fail permanently or hold it until the caller's token is cancelled (a process stopping mid-run).
/// </summary>
public sealed class TestRetrainSteps
{
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);

    public Exception? TrainFailsWith { get; set; }

    /// <summary>While set, the train step waits until cancelled (its run is then interrupted, not failed).</summary>
    public bool HoldTrainUntilCancelled { get; set; }

    /// <summary>Completes when the train step has started waiting under <see cref="HoldTrainUntilCancelled"/>.</summary>
    public TaskCompletionSource TrainHeld { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Executions(string step) => _executions.GetValueOrDefault(step);

    public void Count(string step) => _executions.AddOrUpdate(step, 1, (_, n) => n + 1);

    public void Reset()
    {
        _executions.Clear();
        TrainFailsWith = null;
        HoldTrainUntilCancelled = false;
        TrainHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
