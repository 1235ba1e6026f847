using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// A test double of one Event Hub, speaking the AMQP 1.0 subset that Azure.Messaging.EventHubs uses, on a free
/// loopback port; the real <c>EventHubProducerClient</c>, <c>EventHubConsumerClient</c>, <c>PartitionReceiver</c> and
/// event processors reach it through <see cref="ConnectionString"/> (<c>UseDevelopmentEmulator=true</c>: plain AMQP).
/// AMQPNetLite carries the protocol; this class carries the Event Hubs conventions:
/// <list type="bullet">
/// <item>SASL mechanism <c>MSSBCBS</c> and <c>put-token</c> on <c>$cbs</c>, both accepted without checking;</item>
/// <item><c>$management</c> reads of the hub's and a partition's properties;</item>
/// <item>send links to the hub (routed by partition key with the service's hash, else round robin) and to a partition, single messages and
/// batch envelopes;</item>
/// <item>receive links per partition with the offset, sequence-number and enqueued-time filters; events carry
/// <c>x-opt-sequence-number</c>, <c>x-opt-offset</c>, <c>x-opt-enqueued-time</c> and <c>x-opt-partition-key</c>;</item>
/// <item>owner levels (<c>com.microsoft:epoch</c>) among the exclusive receivers of a partition and consumer group: a
/// new receiver at the same or a higher level disconnects the active one (<c>amqp:link:stolen</c>), a lower one is
/// refused.</item>
/// </list>
/// It does not emulate TLS, authentication or authorization, the refusal of non-exclusive receivers next to exclusive
/// ones, consumer groups as separate cursors or limits, quotas, throttling, retention, idempotent producers,
/// geo-replication, or the runtime metrics of the last enqueued event. Events are kept in memory.
/// A batch envelope is recognised by its body (Data sections holding encoded AMQP messages), since the listener does
/// not see the transfer's message format: an event whose own body is an encoded AMQP message would be taken for one.
/// </summary>
public sealed class EventHubsTestDouble : IDisposable
{
    private readonly ContainerHost host;
    private readonly DoublePartition[] partitions;
    private readonly TimeProvider clock;
    private int roundRobin = -1;
    private long acceptLimit = long.MaxValue;

    private EventHubsTestDouble(string name, int partitionCount, TimeProvider clock)
    {
        Name = name;
        this.clock = clock;
        CreatedAt = clock.GetUtcNow();
        partitions = [.. Enumerable.Range(0, partitionCount).Select(i => new DoublePartition(i.ToString(System.Globalization.CultureInfo.InvariantCulture), CreatedAt))];
        PartitionIds = [.. partitions.Select(p => p.Id)];
        var transports = new LoopbackTransportProvider();
        Port = transports.Port;
        host = new ContainerHost(new Address($"{LoopbackTransportProvider.Scheme}://127.0.0.1:{Port}"));
        host.CustomTransports[LoopbackTransportProvider.Scheme] = transports;
        host.Listeners[0].SASL.EnableMechanism(new Symbol(CbsSaslProfile.Name), new CbsSaslProfile());
        host.Listeners[0].AMQP.MaxFrameSize = 256 * 1024;
        host.RegisterRequestProcessor("$cbs", new CbsTokenProcessor());
        host.RegisterRequestProcessor("$management", new ManagementRequestProcessor(this));
        host.RegisterLinkProcessor(new EventHubLinkProcessor(this));
        host.Open();
    }

    public string Name { get; }

    public DateTimeOffset CreatedAt { get; }

    public IReadOnlyList<string> PartitionIds { get; }

    public int Port { get; }

    internal ExclusiveReceivers Receivers { get; } = new();

    /// <summary>A namespace connection string (no entity path): give <see cref="Name"/> as the event hub name.</summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=test-double;SharedAccessKey=bm90LWNoZWNrZWQ=;UseDevelopmentEmulator=true";

    /// <summary>Starts a hub named <paramref name="name"/> with <paramref name="partitionCount"/> empty partitions.</summary>
    public static EventHubsTestDouble Start(string name = "events", int partitionCount = 4, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return new EventHubsTestDouble(name, partitionCount, clock ?? TimeProvider.System);
    }

    /// <summary>
    /// The partition the double routes a partition key to: the service's assignment (<see cref="PartitionKeyHash"/>),
    /// so a key lands on the partition it would land on in Azure, and on the one a producer that resolves keys itself
    /// (the client's buffered producer, `segment send`) publishes it to.
    /// </summary>
    public static string PartitionFor(string partitionKey, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return PartitionKeyHash.PartitionIndex(partitionKey, partitionCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The events of one partition so far, in order.</summary>
    public IReadOnlyList<StoredEvent> Events(string partitionId) =>
        FindPartition(partitionId)?.Snapshot() ?? throw new ArgumentOutOfRangeException(nameof(partitionId), partitionId, "No such partition.");

    public long EventCount => partitions.Sum(p => p.Count);

    /// <summary>From now on, rejects every send that would take the hub past <paramref name="events"/> events (a fault to test producers with).</summary>
    public void RejectSendsBeyond(long events) => Interlocked.Exchange(ref acceptLimit, events);

    public void Dispose() => host.Close();

    internal DoublePartition? FindPartition(string partitionId) => Array.Find(partitions, p => p.Id == partitionId);

    /// <summary>
    /// Appends a received message (one event or a batch envelope) to <paramref name="partitionId"/>, or routes it;
    /// false when <see cref="RejectSendsBeyond"/> refuses it (nothing is appended).
    /// </summary>
    internal bool Accept(Message message, string? partitionId)
    {
        var envelopeKey = PartitionKeyOf(message);
        var events = Unbatch(message);
        if (EventCount + events.Count > Interlocked.Read(ref acceptLimit))
        {
            return false;
        }

        foreach (var single in events)
        {
            var key = single.PartitionKey ?? envelopeKey;
            var target = partitionId
                ?? (key is not null
                    ? PartitionFor(key, partitions.Length)
                    : PartitionIds[(int)((uint)Interlocked.Increment(ref roundRobin) % (uint)partitions.Length)]);
            // AMQP timestamps carry milliseconds, so the kept time is the one the clients read.
            var enqueuedTime = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
            FindPartition(target)!.Append(key, single.Body, enqueuedTime, (sequenceNumber, offset) => single.Annotate(sequenceNumber, offset, enqueuedTime, key));
        }

        return true;
    }

    /// <summary>The events of a batch envelope, read from their encoded bytes where their shape allows; else the message itself.</summary>
    private static IReadOnlyList<IProducedEvent> Unbatch(Message message)
    {
        var sections = message.BodySection switch
        {
            Data data => [data],
            DataList list => Enumerable.Range(0, list.Count).Select(i => list[i]).ToList(),
            _ => [],
        };
        if (sections.Count == 0 || !sections.All(s => LooksLikeEncodedMessage(s.Binary)))
        {
            return [new DecodedEventMessage(message)];
        }

        return [.. sections.Select(s => (IProducedEvent?)EncodedEventMessage.TryRead(s.Binary)
            ?? new DecodedEventMessage(Message.Decode(new ByteBuffer(s.Binary, 0, s.Binary.Length, s.Binary.Length))))];
    }

    /// <summary>A described type with a small-ulong descriptor of a message section (0x70 header .. 0x78 footer).</summary>
    private static bool LooksLikeEncodedMessage(byte[]? bytes) =>
        bytes is { Length: >= 3 } && bytes[0] == 0x00 && bytes[1] == 0x53 && bytes[2] is >= 0x70 and <= 0x78;

    private static string? PartitionKeyOf(Message message) =>
        message.MessageAnnotations?[new Symbol("x-opt-partition-key")] as string;
}
