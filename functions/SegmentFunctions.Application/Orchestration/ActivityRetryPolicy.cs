namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// Exponential backoff for transient activity failures, with Durable's RetryPolicy names: the delay before retry n
/// (n = 1 after the first failure) is min(FirstRetryInterval * BackoffCoefficient^(n-1), MaxRetryInterval).
/// </summary>
public sealed record ActivityRetryPolicy
{
    /// <summary>Attempts in all, the first included; 1 disables retries.</summary>
    public int MaxNumberOfAttempts { get; init; } = 3;

    public TimeSpan FirstRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    public double BackoffCoefficient { get; init; } = 2.0;

    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan DelayBeforeRetry(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var seconds = FirstRetryInterval.TotalSeconds * Math.Pow(BackoffCoefficient, failedAttempts - 1);
        return seconds >= MaxRetryInterval.TotalSeconds ? MaxRetryInterval : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (MaxNumberOfAttempts < 1)
        {
            throw new ArgumentException($"Retry.MaxNumberOfAttempts must be at least 1, not {MaxNumberOfAttempts}.");
        }

        if (FirstRetryInterval < TimeSpan.Zero || MaxRetryInterval < FirstRetryInterval)
        {
            throw new ArgumentException(
                $"Retry intervals must satisfy 0 <= FirstRetryInterval ({FirstRetryInterval}) <= MaxRetryInterval ({MaxRetryInterval}).");
        }

        if (!(BackoffCoefficient >= 1.0))
        {
            throw new ArgumentException($"Retry.BackoffCoefficient must be at least 1, not {BackoffCoefficient}.");
        }
    }
}
