using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Queues;

/// <summary>A work queue in Azure Queue Storage (Base64 message encoding, as the Functions queue trigger expects).</summary>
public sealed class StorageQueueWorkQueue(QueueClient queue) : IWorkQueue
{
    private Task? _creation;

    public async Task EnqueueAsync(string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueuedMessage?> ReceiveAsync(TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await queue.ReceiveMessageAsync(visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return response.Value is { } message
            ? new QueuedMessage(message.MessageId, message.PopReceipt, message.Body.ToString(), message.DequeueCount)
            : null;
    }

    /// <remarks>
    /// A stale pop receipt (the message reappeared and was received again) or a message already gone deletes nothing.
    /// </remarks>
    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await queue.DeleteMessageAsync(message.Id, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == QueueErrorCode.PopReceiptMismatch)
        {
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var creation = _creation ??= queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        try
        {
            await creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            _creation = null;
            throw;
        }
    }
}
