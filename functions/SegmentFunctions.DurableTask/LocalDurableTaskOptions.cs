namespace SegmentFunctions.DurableTask;

/// <summary>The local Durable Task host's settings (section <see cref="SectionName"/>).</summary>
public sealed class LocalDurableTaskOptions
{
    public const string SectionName = "DurableTask";

    /// <summary>The task hub: with Azure Storage, the prefix of its queues, tables and lease container.</summary>
    public string HubName { get; set; } = "SegmentRetrain";

    /// <summary>The sidecar's loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Azure Storage backend: how long a dequeued activity stays invisible. The sidecar does not renew activity locks,
    /// so an activity running longer than this is delivered again; keep it above the longest activity (a 1M-customer
    /// fit takes a few minutes).
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Azure Storage backend: how long a dequeued orchestration message stays invisible. A process that dies while its
    /// orchestrator runs leaves that message invisible this long before the next process can resume the run; the
    /// orchestrator's steps take milliseconds, so a minute is ample where DTFx's default (5 minutes) only delays a resume.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Azure Storage backend: the longest wait between polls of an idle queue. DTFx's default (30 s) suits many
    /// workers sharing a hub; one local worker waits less for the next step.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Activities the worker runs at once; by default the processor count. Each activity is CPU work that already uses
    /// every core (the fits and the per-shard featurizing are parallel), so more at once do not finish sooner, and
    /// each holds its own memory: a run's fan-out of one activity per shard would otherwise hold every shard's
    /// segmentation rows at once.
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount;
}
