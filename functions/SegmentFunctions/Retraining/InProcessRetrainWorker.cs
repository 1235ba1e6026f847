using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Retraining;

/// <summary>
/// The RetrainWorker queue trigger's stand-in when the handler runs without a Functions host on the embedded store:
/// it drains the embedded retrain-runs queue one message at a time with the host's semantics (a failed message
/// reappears after the visibility timeout; after <see cref="RetrainTriggerOptions.MaxDequeueCount"/> deliveries it
/// moves to retrain-runs-poison), so POST /api/retrain runs to completion locally.
/// </summary>
public sealed partial class InProcessRetrainWorker(
    IOptions<RetrainTriggerOptions> options,
    StorageConnections connections,
    IWorkQueueFactory queues,
    RetrainRunProcessor processor,
    TimeProvider clock,
    ILogger<InProcessRetrainWorker> logger) : BackgroundService
{
    public const string PoisonQueueName = RetrainOrchestration.QueueName + "-poison";

    /// <summary>Whether the handler drains the queue itself: the setting, else on exactly when storage is embedded.</summary>
    public static bool IsEnabled(RetrainTriggerOptions options, StorageConnections connections) =>
        options.InProcessWorker ?? !connections.HasStorage;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!IsEnabled(settings, connections))
        {
            return;
        }

        LogStarted(logger, RetrainOrchestration.QueueName);
        var queue = queues.Get(RetrainOrchestration.QueueName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await queue.ReceiveAsync(settings.WorkerVisibilityTimeout, stoppingToken) is { } message)
                {
                    await HandleAsync(queue, message, settings, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The queue itself failed (e.g. the database is locked); a worker that stopped here would strand every run.
                LogQueueFailed(logger, ex);
            }

            try
            {
                await Task.Delay(settings.WorkerPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(IWorkQueue queue, QueuedMessage message, RetrainTriggerOptions settings, CancellationToken stoppingToken)
    {
        RetrainRunOutcome outcome;
        try
        {
            outcome = await processor.ProcessAsync(message.Body, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run: the run stays resumable and the message reappears after its visibility timeout.
            return;
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, message.Id, message.DequeueCount);
            await PoisonIfExhaustedAsync(queue, message, settings, stoppingToken);
            return;
        }

        if (outcome.Settled)
        {
            await queue.DeleteAsync(message, stoppingToken);
            return;
        }

        await PoisonIfExhaustedAsync(queue, message, settings, stoppingToken);
    }

    private async Task PoisonIfExhaustedAsync(IWorkQueue queue, QueuedMessage message, RetrainTriggerOptions settings, CancellationToken cancellationToken)
    {
        if (message.DequeueCount < settings.MaxDequeueCount)
        {
            return;
        }

        await queues.Get(PoisonQueueName).EnqueueAsync(message.Body, cancellationToken);
        await queue.DeleteAsync(message, cancellationToken);
        LogPoisoned(logger, message.Id, message.DequeueCount, PoisonQueueName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "In-process retrain worker draining queue {QueueName} (no Functions host)")]
    private static partial void LogStarted(ILogger logger, string queueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the retrain-runs queue failed; trying again")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (delivery {DequeueCount}) failed; the run stays resumable and the message reappears")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed {DequeueCount} deliveries; moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount, string poisonQueue);
}
