using System.Diagnostics;
using Microsoft.DurableTask;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// A retraining activity: a Durable Task activity that gets a <see cref="CancellationToken"/> ending when the host
/// stops (the SDK's activities get none) and records its duration and outcome. It may run again for the same call
/// (a retry, or a redelivery after a crash), so its effects must be idempotent: fixed blob paths, conditional publish.
/// </summary>
public abstract class RetrainActivity<TInput, TOutput>(ActivityCancellation cancellation) : TaskActivity<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var output = await ExecuteAsync(input, cancellation.Token);
            succeeded = true;
            return output;
        }
        finally
        {
            SegmentTelemetry.RecordActivity(context.Name.Name, succeeded, Stopwatch.GetElapsedTime(started));
        }
    }

    protected abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}
