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

    /// <summary>
    /// Most events per featurizer batch in `segment consume` (the function's maxEventBatchSize). Larger batches cost
    /// fewer store commits and suppression lookups per event, and fewer document reads and writes, since a customer's
    /// events of one batch are folded into one read and one write; a batch is handed over as soon as the events in hand
    /// are fewer, so a quiet partition does not wait for it to fill. 1024 rather than 512 took consume about a tenth
    /// less CPU on a 530,000-event hub of 2,000 customers; 2048 gained nothing more.
    /// </summary>
    public int ConsumeBatchSize { get; set; } = 1024;

    /// <summary>Events a partition's receiver buffers ahead of the batch being featurized; when unset, twice the batch size (at least 300).</summary>
    public int? PrefetchCount { get; set; }

    /// <summary>
    /// Shortest time between two checkpoints of a partition in `segment consume` (zero: after every batch). A
    /// partition also checkpoints when it runs idle and when processing stops; after a crash, what was applied since
    /// its last checkpoint is delivered again and skipped by the watermarks.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an instance checks and renews its partition claims.</summary>
    public TimeSpan LoadBalancingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this long without renewal a claim is expired and another instance takes the partition.</summary>
    public TimeSpan OwnershipExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a partition waits to fill a batch before handing over what it has.</summary>
    public TimeSpan MaximumWaitTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Name of this instance in the ownership records; a random one when empty.</summary>
    public string? ProcessorIdentifier { get; set; }

    public EventHubsRetryOptions ToRetryOptions() => new()
    {
        Mode = EventHubsRetryMode.Exponential,
        MaximumRetries = MaxRetries,
        TryTimeout = TryTimeout,
        Delay = TimeSpan.FromMilliseconds(500),
        MaximumDelay = TimeSpan.FromSeconds(10),
    };
}
