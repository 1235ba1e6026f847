using System.Diagnostics;
using System.Reflection;
using Microsoft.DurableTask;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// A retraining activity: a Durable Task activity that gets a <see cref="CancellationToken"/> ending when the host
/// stops (the SDK's activities get none) and records its duration and outcome under its name. It may run again for
/// the same call (a retry, or a redelivery after a crash), so its effects must be idempotent: fixed blob paths,
/// conditional publish.
/// </summary>
public abstract class RetrainActivity<TInput, TOutput>(ActivityCancellation cancellation) : TaskActivity<TInput, TOutput>
{
    /// <summary>The activity's registered name (its <see cref="DurableTaskAttribute"/>).</summary>
    public string Name => GetType().GetCustomAttribute<DurableTaskAttribute>()?.Name.Name ?? GetType().Name;

    /// <summary>The Durable Task SDK's entry point (standalone worker).</summary>
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => RunAsync(input, CancellationToken.None);

    /// <summary>
    /// The entry point for hosts that invoke activities themselves (the Azure Functions <c>[ActivityTrigger]</c>
    /// wrappers): runs under <paramref name="cancellationToken"/> and the host-stopping token together.
    /// </summary>
    public async Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancellation.Token);
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var output = await ExecuteAsync(input, linked.Token);
            succeeded = true;
            return output;
        }
        finally
        {
            SegmentTelemetry.RecordActivity(Name, succeeded, Stopwatch.GetElapsedTime(started));
        }
    }

    protected abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}
