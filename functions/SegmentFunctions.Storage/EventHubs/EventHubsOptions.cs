using Azure.Messaging.EventHubs;

namespace SegmentFunctions.Storage.EventHubs;

/// <summary>Client settings of `segment send` and `segment consume`, bound from the "EventHubs" configuration section.</summary>
public sealed class EventHubsOptions
{
    public const string SectionName = "EventHubs";

    /// <summary>Retries of a failed operation (send, receive, checkpoint-independent reads) before it fails.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public EventHubsRetryOptions ToRetryOptions() => new()
    {
        Mode = EventHubsRetryMode.Exponential,
        MaximumRetries = MaxRetries,
        TryTimeout = TryTimeout,
        Delay = TimeSpan.FromMilliseconds(500),
        MaximumDelay = TimeSpan.FromSeconds(10),
    };
}
