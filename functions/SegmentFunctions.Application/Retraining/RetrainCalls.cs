using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// What <see cref="RetrainOrchestrator"/> does through its context: activity calls with the run's retry policy
/// (transient failures retried with backoff, others not), and the custom status (step and progress) it reports.
/// </summary>
internal sealed class RetrainCalls(TaskOrchestrationContext context, ActivityRetryOptions retry)
{
    private readonly TaskOptions _options = TaskOptions.FromRetryPolicy(
        new RetryPolicy(retry.MaxNumberOfAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval)
        {
            HandleFailure = TransientFailures.IsTransient,
        });

    public string InstanceId => context.InstanceId;

    /// <summary>The step reported last, for the run's record when it fails.</summary>
    public RetrainProgress? Progress { get; private set; }

    public ILogger Logger { get; } = context.CreateReplaySafeLogger<RetrainOrchestrator>();

    public Task<T> CallAsync<T>(string activity, object input) => context.CallActivityAsync<T>(activity, input, _options);

    public void Report(string step, double progress)
    {
        Progress = new RetrainProgress(step, progress);
        context.SetCustomStatus(Progress);
    }
}
