using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// One event of a batch envelope as the producer encoded it (an AMQP message with one Data body section), read and
/// annotated at the byte level: its partition key and body are read in place, and the stored message is the producer's
/// bytes with the message-annotations section replaced by one that adds the service's annotations. Decoding every
/// event into objects and encoding it again cost the double more CPU than the producer spent on it.
/// </summary>
internal sealed class EncodedEventMessage : IProducedEvent
{
    private const byte Described = 0x00;
    private const byte SmallULong = 0x53;
    private const byte ULong = 0x80;
    private const byte MessageAnnotationsCode = 0x72;
    private const byte DataCode = 0x75;

    private static readonly byte[] SequenceNumberKey = "x-opt-sequence-number"u8.ToArray();
    private static readonly byte[] OffsetKey = "x-opt-offset"u8.ToArray();
    private static readonly byte[] EnqueuedTimeKey = "x-opt-enqueued-time"u8.ToArray();
    private static readonly byte[] PartitionKeyKey = "x-opt-partition-key"u8.ToArray();

    private readonly byte[] encoded;
    private readonly (int Start, int End) annotationsSection;
    private readonly List<(int Start, int End)> keptAnnotations;

    private EncodedEventMessage(byte[] encoded, (int Start, int End) annotationsSection, List<(int Start, int End)> keptAnnotations, string? partitionKey, (int Start, int Length) body)
    {
        this.encoded = encoded;
        this.annotationsSection = annotationsSection;
        this.keptAnnotations = keptAnnotations;
        PartitionKey = partitionKey;
        Body = encoded.AsMemory(body.Start, body.Length);
    }

    public string? PartitionKey { get; }

    /// <remarks>The Data section's bytes, in the producer's buffer.</remarks>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// Reads an encoded message whose body is a single Data section, with section descriptors as small or plain
    /// ulongs; null for any other shape (the caller decodes those in full).
    /// </summary>
    public static EncodedEventMessage? TryRead(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        try
        {
            return Read(encoded);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <remarks>
    /// The producer's sections as they are, with the service's annotations added to (or replacing) its own, written
    /// straight into the stored message: this runs for every event the double receives.
    /// </remarks>
    public byte[] Annotate(long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey)
    {
        Span<byte> offsetText = stackalloc byte[20];
        offset.TryFormat(offsetText, out var offsetLength, provider: CultureInfo.InvariantCulture);
        offsetText = offsetText[..offsetLength];
        var keyLength = partitionKey is null ? 0 : Encoding.UTF8.GetByteCount(partitionKey);
        var added = SymbolSize(SequenceNumberKey) + 9 + SymbolSize(OffsetKey) + StringSize(offsetLength) + SymbolSize(EnqueuedTimeKey) + 9
            + (partitionKey is null ? 0 : SymbolSize(PartitionKeyKey) + StringSize(keyLength));
        var pairs = (partitionKey is null ? 3 : 4) + keptAnnotations.Count;
        var kept = 0;
        foreach (var (start, end) in keptAnnotations)
        {
            kept += end - start;
        }

        // map32: descriptor, format code, size (of what follows it), count of keys and values, then the entries.
        var mapSize = 4 + kept + added;
        var result = new byte[encoded.Length - (annotationsSection.End - annotationsSection.Start) + 3 + 1 + 4 + mapSize];
        var span = result.AsSpan();
        encoded.AsSpan(0, annotationsSection.Start).CopyTo(span);
        var at = annotationsSection.Start;
        span[at++] = Described;
        span[at++] = SmallULong;
        span[at++] = MessageAnnotationsCode;
        span[at++] = 0xd1;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], mapSize);
        at += 4;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], pairs * 2);
        at += 4;
        foreach (var (start, end) in keptAnnotations)
        {
            encoded.AsSpan(start, end - start).CopyTo(span[at..]);
            at += end - start;
        }

        WriteSymbol(span, ref at, SequenceNumberKey);
        WriteLong(span, ref at, 0x81, sequenceNumber);
        WriteSymbol(span, ref at, OffsetKey);
        WriteStringHeader(span, ref at, offsetLength);
        offsetText.CopyTo(span[at..]);
        at += offsetLength;
        WriteSymbol(span, ref at, EnqueuedTimeKey);
        WriteLong(span, ref at, 0x83, enqueuedTime.ToUnixTimeMilliseconds());
        if (partitionKey is not null)
        {
            WriteSymbol(span, ref at, PartitionKeyKey);
            WriteStringHeader(span, ref at, keyLength);
            at += Encoding.UTF8.GetBytes(partitionKey, span[at..]);
        }

        encoded.AsSpan(annotationsSection.End).CopyTo(span[at..]);
        return result;
    }

    private static EncodedEventMessage? Read(byte[] encoded)
    {
        var bytes = encoded.AsSpan();
        var position = 0;
        (int Start, int End)? annotations = null;
        (int Start, int Length)? body = null;
        var insertAt = -1;
        while (position < bytes.Length)
        {
            var sectionStart = position;
            if (bytes[position++] != Described)
            {
                return null;
            }

            int code;
            switch (bytes[position++])
            {
                case SmallULong:
                    code = bytes[position++];
                    break;
                case ULong:
                    var descriptor = BinaryPrimitives.ReadUInt64BigEndian(bytes[position..]);
                    position += 8;
                    code = descriptor <= 0xff ? (int)descriptor : -1;
                    break;
                default:
                    return null;
            }

            if (code is < 0x70 or > 0x78)
            {
                return null;
            }

            if (code > MessageAnnotationsCode && insertAt < 0)
            {
                insertAt = sectionStart;
            }

            var valueStart = position;
            SkipValue(bytes, ref position);
            if (code == MessageAnnotationsCode)
            {
                annotations = (sectionStart, position);
            }
            else if (code == DataCode)
            {
                if (body is not null)
                {
                    return null;
                }

                body = BinaryContent(bytes, valueStart);
            }
            else if (code is 0x76 or 0x77)
            {
                return null;
            }
        }

        if (body is not { } content)
        {
            return null;
        }

        var kept = new List<(int Start, int End)>();
        string? partitionKey = null;
        if (annotations is { } section)
        {
            ReadAnnotations(encoded, section, kept, out partitionKey);
        }

        var replaced = annotations ?? (insertAt < 0 ? (bytes.Length, bytes.Length) : (insertAt, insertAt));
        return new EncodedEventMessage(encoded, replaced, kept, partitionKey, content);
    }

    /// <summary>Splits the annotations map into entries: those the service sets are dropped (they are written anew), the partition key is read.</summary>
    private static void ReadAnnotations(byte[] encoded, (int Start, int End) section, List<(int Start, int End)> kept, out string? partitionKey)
    {
        var bytes = encoded.AsSpan(0, section.End);
        partitionKey = null;
        var position = section.Start + 3;
        if (bytes[section.Start + 1] == ULong)
        {
            position += 7;
        }

        int count;
        switch (bytes[position++])
        {
            case 0x40:
                return;
            case 0xc1:
                count = bytes[position + 1];
                position += 2;
                break;
            case 0xd1:
                count = BinaryPrimitives.ReadInt32BigEndian(bytes[(position + 4)..]);
                position += 8;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoded), "The message annotations are not a map.");
        }

        for (var i = 0; i < count / 2; i++)
        {
            var entryStart = position;
            var key = SymbolContent(bytes, position);
            SkipValue(bytes, ref position);
            var valueStart = position;
            SkipValue(bytes, ref position);
            if (key.SequenceEqual(PartitionKeyKey))
            {
                var (start, length) = bytes[valueStart] is 0xa1 or 0xb1 ? BinaryContent(bytes, valueStart) : (0, -1);
                partitionKey = length < 0 ? null : Encoding.UTF8.GetString(bytes.Slice(start, length));
            }
            else if (!key.SequenceEqual(SequenceNumberKey) && !key.SequenceEqual(OffsetKey) && !key.SequenceEqual(EnqueuedTimeKey))
            {
                kept.Add((entryStart, position));
            }
        }
    }

    private static ReadOnlySpan<byte> SymbolContent(ReadOnlySpan<byte> bytes, int position)
    {
        if (bytes[position] is not (0xa3 or 0xb3))
        {
            return [];
        }

        var (start, length) = BinaryContent(bytes, position);
        return bytes.Slice(start, length);
    }

    /// <summary>Where the bytes of a binary, string or symbol value start and how many there are.</summary>
    private static (int Start, int Length) BinaryContent(ReadOnlySpan<byte> bytes, int position) =>
        bytes[position] switch
        {
            0xa0 or 0xa1 or 0xa3 => (position + 2, bytes[position + 1]),
            0xb0 or 0xb1 or 0xb3 => (position + 5, checked((int)BinaryPrimitives.ReadUInt32BigEndian(bytes[(position + 1)..]))),
            _ => throw new ArgumentOutOfRangeException(nameof(bytes), "Not a binary, string or symbol."),
        };

    /// <summary>Moves past one encoded value; the width follows from the format code's high nibble (AMQP 1.0, 1.6).</summary>
    private static void SkipValue(ReadOnlySpan<byte> bytes, ref int position)
    {
        var code = bytes[position++];
        if (code == Described)
        {
            SkipValue(bytes, ref position);
            SkipValue(bytes, ref position);
            return;
        }

        position += (code >> 4) switch
        {
            0x4 => 0,
            0x5 => 1,
            0x6 => 2,
            0x7 => 4,
            0x8 => 8,
            0x9 => 16,
            0xa or 0xc or 0xe => 1 + bytes[position],
            0xb or 0xd or 0xf => checked(4 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[position..])),
            _ => throw new ArgumentOutOfRangeException(nameof(bytes), $"Unknown AMQP format code 0x{code:x2}."),
        };
        if (position > bytes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "The value runs past the end of the message.");
        }
    }

    private static int SymbolSize(byte[] name) => 2 + name.Length;

    private static int StringSize(int length) => (length <= byte.MaxValue ? 2 : 5) + length;

    private static void WriteSymbol(Span<byte> target, ref int at, byte[] name)
    {
        target[at++] = 0xa3;
        target[at++] = (byte)name.Length;
        name.CopyTo(target[at..]);
        at += name.Length;
    }

    private static void WriteStringHeader(Span<byte> target, ref int at, int length)
    {
        if (length <= byte.MaxValue)
        {
            target[at++] = 0xa1;
            target[at++] = (byte)length;
        }
        else
        {
            target[at++] = 0xb1;
            BinaryPrimitives.WriteInt32BigEndian(target[at..], length);
            at += 4;
        }
    }

    private static void WriteLong(Span<byte> target, ref int at, byte formatCode, long value)
    {
        target[at++] = formatCode;
        BinaryPrimitives.WriteInt64BigEndian(target[at..], value);
        at += 8;
    }
}
