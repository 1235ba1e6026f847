using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// A consumer's link on one partition: sends the partition's events from the requested start, as far as the client's
/// link credit allows, and keeps following the partition as events arrive. A background loop does the sending, so
/// neither the client's flow nor a producer's append waits on it; the events it has in hand leave in one run of
/// socket writes (<see cref="CoalescingTcpTransport.HoldWrites"/>).
/// </summary>
internal sealed class ReceiveLinkEndpoint : LinkEndpoint
{
    private readonly ListenerLink link;
    private readonly DoublePartition partition;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource closed = new();
    private readonly IDisposable subscription;
    private readonly Action onClosed;
    private long next;
    private int credit;

    public ReceiveLinkEndpoint(ListenerLink link, DoublePartition partition, long start, Action onClosed)
    {
        this.onClosed = onClosed;
        this.link = link;
        this.partition = partition;
        next = start;
        subscription = partition.Subscribe(Wake);
        _ = Task.Run(PumpAsync);
    }

    public override void OnFlow(FlowContext flowContext)
    {
        lock (gate)
        {
            credit = Math.Max(0, credit + flowContext.Messages);
        }

        Wake();
    }

    public override void OnMessage(MessageContext messageContext) =>
        messageContext.Complete(new Error(ErrorCode.NotAllowed) { Description = "A receive link does not take messages." });

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    public override void OnLinkClosed(ListenerLink link, Error error)
    {
        subscription.Dispose();
        onClosed();
        closed.Cancel();
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                await wake.WaitAsync(closed.Token).ConfigureAwait(false);
                while (!closed.IsCancellationRequested)
                {
                    int allowed;
                    long from;
                    lock (gate)
                    {
                        allowed = credit;
                        from = next;
                    }

                    var events = partition.Read(from, allowed);
                    if (events.Count == 0)
                    {
                        break;
                    }

                    lock (gate)
                    {
                        credit = Math.Max(0, credit - events.Count);
                        next += events.Count;
                    }

                    using (CoalescingTcpTransport.HoldWrites(link.Session.Connection))
                    {
                        foreach (var stored in events)
                        {
                            link.SendMessage(new Message(), new ByteBuffer(stored.EncodedMessage, 0, stored.EncodedMessage.Length, stored.EncodedMessage.Length));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client closed the link.
        }
        catch (AmqpException)
        {
            // The link or connection went away while sending; the client reconnects with a new link.
        }
    }
}
