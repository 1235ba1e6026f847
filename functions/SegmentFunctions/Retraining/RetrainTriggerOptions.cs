namespace SegmentFunctions.Retraining;

/// <summary>How retraining runs are triggered and worked off, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class RetrainTriggerOptions
{
    public const string SectionName = "Retraining";

    /// <summary>The scheduled run is skipped while the newest published model is younger than this.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Drain the retrain-runs queue inside the handler. Unset: on when storage is embedded (no AzureWebJobsStorage
    /// connection: the handler runs on its own, without a Functions host whose queue trigger would do it).
    /// </summary>
    public bool? InProcessWorker { get; set; }

    /// <summary>In-process worker: how long to wait before looking at an empty queue again.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>In-process worker: how long a received message stays hidden; a message that failed reappears after it.</summary>
    public TimeSpan WorkerVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>In-process worker: deliveries of a failing message before it moves to retrain-runs-poison (host.json's maxDequeueCount).</summary>
    public int MaxDequeueCount { get; set; } = 5;
}
