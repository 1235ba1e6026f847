using System.Diagnostics;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Samples the process's working set on a timer, so memory can be attributed to the steps of a run after it ends
/// (each step's largest sample; short spikes between samples show only in the peak working set).
/// </summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly List<(DateTimeOffset At, double Megabytes)> _samples = [];
    private readonly Timer _timer;

    public WorkingSetSampler(TimeSpan interval)
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);
    }

    /// <summary>Stops sampling and returns the samples in time order.</summary>
    public IReadOnlyList<(DateTimeOffset At, double Megabytes)> Stop()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        Sample();
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var megabytes = process.WorkingSet64 / (1024.0 * 1024.0);
        lock (_samples)
        {
            _samples.Add((DateTimeOffset.UtcNow, megabytes));
        }
    }
}
