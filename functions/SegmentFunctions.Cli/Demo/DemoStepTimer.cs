using System.Diagnostics;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// Names the demo step that runs (for error messages) and times each one, so the summary shows where the wall time
/// goes whether or not the terminal shows the live progress columns.
/// </summary>
internal sealed class DemoStepTimer(string first)
{
    private readonly List<DemoStepTime> finished = [];
    private long started = Stopwatch.GetTimestamp();

    public string Current { get; private set; } = first;

    /// <summary>Ends the current step and starts <paramref name="step"/>.</summary>
    public void Begin(string step)
    {
        Finish();
        Current = step;
    }

    /// <summary>The steps ended so far, in the order they ran, the current one included.</summary>
    public IReadOnlyList<DemoStepTime> Finish()
    {
        var now = Stopwatch.GetTimestamp();
        finished.Add(new DemoStepTime(Current, Stopwatch.GetElapsedTime(started, now).TotalSeconds));
        started = now;
        return finished;
    }
}
