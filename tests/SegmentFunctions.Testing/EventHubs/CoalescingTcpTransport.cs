using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amqp;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// The double's side of one client connection: a TCP socket whose writes can be held back and sent together. A receive
/// link streams one small transfer frame per event; written one by one, every event costs a send on the double's side
/// and a receive on the client's, more CPU than the event itself. While a receive link sends a run of events it holds
/// the writes (<see cref="HoldWrites"/>), and the run leaves in as few socket writes as its size allows. Writes not
/// held (flow, dispositions, management replies) are sent at once, after anything queued before them.
/// </summary>
internal sealed class CoalescingTcpTransport(Socket socket) : IAsyncTransport
{
    private static readonly ConditionalWeakTable<Connection, CoalescingTcpTransport> ByConnection = new();

    private readonly Lock queueGate = new();
    private readonly Lock sendGate = new();
    private readonly byte[] received = new byte[64 * 1024];
    private ArrayBufferWriter<byte> queued = new(64 * 1024);
    private ArrayBufferWriter<byte> sending = new(64 * 1024);
    private int holds;
    private int receivedStart;
    private int receivedEnd;

    /// <summary>Holds the connection's writes until the returned scope ends, then sends them; null if the connection is not on this transport.</summary>
    public static IDisposable? HoldWrites(Connection connection)
    {
        if (!ByConnection.TryGetValue(connection, out var transport))
        {
            return null;
        }

        lock (transport.queueGate)
        {
            transport.holds++;
        }

        return new Hold(transport);
    }

    public void SetConnection(Connection connection) => ByConnection.AddOrUpdate(connection, this);

    public Task SendAsync(IList<ByteBuffer> bufferList, int listSize)
    {
        ArgumentNullException.ThrowIfNull(bufferList);
        lock (queueGate)
        {
            foreach (var buffer in bufferList)
            {
                queued.Write(buffer.Buffer.AsSpan(buffer.Offset, buffer.Length));
            }

            if (holds > 0)
            {
                return Task.CompletedTask;
            }
        }

        SendQueued();
        return Task.CompletedTask;
    }

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        if (receivedEnd == receivedStart)
        {
            receivedStart = 0;
            receivedEnd = await socket.ReceiveAsync(received.AsMemory(), SocketFlags.None).ConfigureAwait(false);
            if (receivedEnd == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
        }

        var copied = Math.Min(count, receivedEnd - receivedStart);
        received.AsSpan(receivedStart, copied).CopyTo(buffer.AsSpan(offset, copied));
        receivedStart += copied;
        return copied;
    }

    public void Send(ByteBuffer buffer) => SendAsync([buffer], buffer?.Length ?? 0);

    public int Receive(byte[] buffer, int offset, int count) => ReceiveAsync(buffer, offset, count).GetAwaiter().GetResult();

    public void Close() => socket.Dispose();

    /// <summary>Sends what is queued. Swapping and sending under one lock keeps the bytes in the order they were queued.</summary>
    private void SendQueued()
    {
        lock (sendGate)
        {
            lock (queueGate)
            {
                if (queued.WrittenCount == 0)
                {
                    return;
                }

                (queued, sending) = (sending, queued);
            }

            var bytes = sending.WrittenSpan;
            while (!bytes.IsEmpty)
            {
                bytes = bytes[socket.Send(bytes)..];
            }

            sending.ResetWrittenCount();
        }
    }

    private sealed class Hold(CoalescingTcpTransport transport) : IDisposable
    {
        private bool released;

        public void Dispose()
        {
            if (released)
            {
                return;
            }

            released = true;
            lock (transport.queueGate)
            {
                transport.holds--;
            }

            try
            {
                transport.SendQueued();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The connection is gone; its reader sees that and closes it.
                transport.Close();
            }
        }
    }
}
