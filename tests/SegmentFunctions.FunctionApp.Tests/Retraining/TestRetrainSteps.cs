using System.Collections.Concurrent;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// What the test workflow's steps do, shared with the test: counts executions per step, and can make the train step
/// fail permanently or hold it (the run stays active) until the test releases it.
/// </summary>
public sealed class TestRetrainSteps
{
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? TrainFailsWith { get; set; }

    /// <summary>While set, the train step waits for <see cref="ReleaseTrain"/>.</summary>
    public bool HoldTrain { get; set; }

    public int Executions(string step) => _executions.GetValueOrDefault(step);

    public void Count(string step) => _executions.AddOrUpdate(step, 1, (_, n) => n + 1);

    public void ReleaseTrain() => _released.TrySetResult();

    public Task WaitUntilTrainReleasedAsync() => HoldTrain ? _released.Task : Task.CompletedTask;
}
