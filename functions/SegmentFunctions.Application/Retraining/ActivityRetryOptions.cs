namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The retry policy of every retraining activity call (section "Retraining:Retry"), with Durable's RetryPolicy names:
/// transient failures (<see cref="TransientFailures"/>) are retried with exponential backoff, others are not.
/// </summary>
public sealed class ActivityRetryOptions
{
    /// <summary>Attempts in all, the first included; 1 disables retries.</summary>
    public int MaxNumberOfAttempts { get; set; } = 3;

    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    public double BackoffCoefficient { get; set; } = 2.0;

    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
