namespace SegmentFunctions.Retraining;

/// <summary>
/// How the handler works off retraining runs, bound from the configuration section <see cref="SectionName"/>, which it
/// shares with the run's own settings (<see cref="Application.Retraining.RetrainingOptions"/>, whose MinInterval the
/// timer applies).
/// </summary>
public sealed class RetrainTriggerOptions
{
    public const string SectionName = Application.Retraining.RetrainingOptions.SectionName;

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
