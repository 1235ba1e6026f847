namespace SegmentFunctions.Application.Ports;

/// <summary>
/// A work queue with at-least-once delivery (Azure Queue Storage, or an embedded table). A received message is
/// invisible for the visibility timeout and reappears unless deleted.
/// </summary>
public interface IWorkQueue
{
    Task EnqueueAsync(string message, CancellationToken cancellationToken);
    Task<QueuedMessage?> ReceiveAsync(TimeSpan visibilityTimeout, CancellationToken cancellationToken);
    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken);
}

public sealed record QueuedMessage(string Id, string PopReceipt, string Body, long DequeueCount);
