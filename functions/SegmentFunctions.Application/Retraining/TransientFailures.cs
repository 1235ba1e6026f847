using Microsoft.DurableTask;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// Which activity failures are worth retrying: store outages, time-outs and I/O. Anything else (bad data, a refused
/// promotion, a corrupt bundle) fails the same way again, so it fails the run at once.
/// </summary>
public static class TransientFailures
{
    private static readonly Type[] Transient = [typeof(StoreUnavailableException), typeof(TimeoutException), typeof(IOException), typeof(HttpRequestException)];

    public static bool IsTransient(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Transient.Any(failure.IsCausedBy);
    }
}
