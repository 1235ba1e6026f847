namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Holds <see cref="GateActivity"/> inside its execution until the test opens it.</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken);
    }

    public void Open() => _opened.TrySetResult();
}
