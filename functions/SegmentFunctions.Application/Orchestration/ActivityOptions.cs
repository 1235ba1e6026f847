namespace SegmentFunctions.Application.Orchestration;

/// <summary>Per-call options (Durable's TaskOptions): the retry policy and which exceptions are transient.</summary>
public sealed record ActivityOptions
{
    /// <summary>Overrides <see cref="OrchestrationOptions.Retry"/> for this call.</summary>
    public ActivityRetryPolicy? Retry { get; init; }

    /// <summary>Overrides <see cref="TransientFailures.IsTransient"/> for this call.</summary>
    public Func<Exception, bool>? IsTransient { get; init; }

    public static ActivityOptions FromRetryPolicy(ActivityRetryPolicy retry) => new() { Retry = retry };
}
