using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>RetrainSchedule</c>: the timer (<c>%RetrainSchedule%</c>, NCRONTAB with seconds, UTC) that starts a run unless
/// <see cref="RetrainScheduler"/> skips the tick. A failure (store unavailable) fails the invocation, which the retry
/// policy repeats a few times; a tick that still fails waits for the next occurrence.
/// </summary>
public sealed class RetrainScheduleFunction(RetrainScheduler scheduler)
{
    public const string Name = "RetrainSchedule";

    [Function(Name)]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public async Task RunAsync(
        [TimerTrigger("%RetrainSchedule%", UseMonitor = true, RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await scheduler.TickAsync(client, timer.IsPastDue, timer.ScheduleStatus?.Last, cancellationToken);
    }
}
