using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Cli.Serve;

/// <summary>A retry context: which delivery of the invocation this is (0 the first) and the policy's maximum.</summary>
public sealed class LocalRetryContext(int retryCount, int maxRetryCount) : RetryContext
{
    public override int RetryCount { get; } = retryCount;

    public override int MaxRetryCount { get; } = maxRetryCount;
}
