using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>An event of any message shape (an AMQP value body, several Data sections), annotated by encoding the decoded message again.</summary>
internal sealed class DecodedEventMessage(Message message) : IProducedEvent
{
    public string? PartitionKey => message.MessageAnnotations?[new Symbol("x-opt-partition-key")] as string;

    public ReadOnlyMemory<byte> Body => message.BodySection switch
    {
        Data data => data.Binary ?? [],
        DataList list => Enumerable.Range(0, list.Count).SelectMany(i => list[i].Binary ?? []).ToArray(),
        AmqpValue { Value: byte[] bytes } => bytes,
        AmqpValue { Value: string text } => Encoding.UTF8.GetBytes(text),
        _ => ReadOnlyMemory<byte>.Empty,
    };

    public byte[] Annotate(long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey)
    {
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[new Symbol("x-opt-sequence-number")] = sequenceNumber;
        message.MessageAnnotations[new Symbol("x-opt-offset")] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        message.MessageAnnotations[new Symbol("x-opt-enqueued-time")] = enqueuedTime.UtcDateTime;
        if (partitionKey is not null)
        {
            message.MessageAnnotations[new Symbol("x-opt-partition-key")] = partitionKey;
        }

        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }
}
