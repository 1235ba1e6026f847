using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary>
/// The RetrainSchedule timer's rules: skip while the newest published model is younger than
/// <see cref="RetrainingOptions.MinInterval"/> (a manual run happened since the last tick), skip while a run is
/// active (runs are singletons), else start a run.
/// </summary>
public sealed partial class RetrainScheduler(
    ModelRegistry registry,
    RetrainRuns runs,
    IOptions<RetrainingOptions> options,
    TimeProvider clock,
    ILogger<RetrainScheduler> logger)
{
    public const string Trigger = "schedule";

    /// <summary>Applies the rules to one tick and logs what it did.</summary>
    public async Task TickAsync(DurableTaskClient client, bool isPastDue, DateTime? lastOccurrence, CancellationToken cancellationToken)
    {
        if (isPastDue)
        {
            LogPastDue(logger, lastOccurrence);
        }

        var minInterval = options.Value.MinInterval;
        var newest = (await registry.ListAsync(cancellationToken)).FirstOrDefault();
        var now = clock.GetUtcNow();
        if (newest is not null && now - newest.PublishedAt < minInterval)
        {
            var reason = $"skipped: model {newest.Version} was published at {newest.PublishedAt:O}, less than Retraining:MinInterval ({minInterval}) ago";
            LogDecision(logger, reason);
            return;
        }

        var start = await runs.StartAsync(client, new RetrainRequest(Trigger), cancellationToken);
        LogDecision(logger, start.Created ? $"started run {start.RunId}" : $"skipped: run {start.RunId} is active");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retrain schedule tick is past due (last occurrence {LastOccurrence})")]
    private static partial void LogPastDue(ILogger logger, DateTime? lastOccurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled retrain {Reason}")]
    private static partial void LogDecision(ILogger logger, string reason);
}
