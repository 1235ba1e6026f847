using System.Text;
using System.Text.Unicode;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// One event body as delivered by Event Hubs (or the CLI), before validation: as text (a file line, the function's
/// payload) or as the UTF-8 bytes the Event Hubs client received. Bytes are parsed as they are and decoded to text only
/// when the text is asked for (a dead letter), since nearly every event is valid and a round trip through UTF-16 would
/// cost a string and two transcodings per event. Equal when body, sequence number and enqueued time are.
/// </summary>
public sealed record RawEvent
{
    private readonly ReadOnlyMemory<byte> utf8Body;
    private string? body;

    public RawEvent(string body, long? sequenceNumber, DateTimeOffset? enqueuedTimeUtc)
    {
        ArgumentNullException.ThrowIfNull(body);
        this.body = body;
        SequenceNumber = sequenceNumber;
        EnqueuedTimeUtc = enqueuedTimeUtc;
    }

    /// <param name="utf8Body">Read, never copied: it must stay unchanged while the event is processed.</param>
    public RawEvent(ReadOnlyMemory<byte> utf8Body, long? sequenceNumber, DateTimeOffset? enqueuedTimeUtc)
    {
        this.utf8Body = utf8Body;
        SequenceNumber = sequenceNumber;
        EnqueuedTimeUtc = enqueuedTimeUtc;
    }

    /// <summary>The body as text; bytes that are not valid UTF-8 read as U+FFFD.</summary>
    public string Body => body ??= Encoding.UTF8.GetString(utf8Body.Span);

    /// <summary>
    /// The body's bytes when it came as bytes that are not valid UTF-8, for a dead letter to keep exactly (its
    /// <see cref="Body"/> has U+FFFD in their place); null otherwise. Checked only when asked, that is for a rejected event.
    /// </summary>
    public byte[]? InvalidUtf8Body => Utf8.IsValid(utf8Body.Span) ? null : utf8Body.ToArray();

    /// <summary>The customer the body names as far as it can be read (<see cref="RejectedEventCustomer"/>), for a rejected event.</summary>
    public string? RejectedCustomerId =>
        RejectedEventCustomer.Read(body is { } text && utf8Body.IsEmpty ? Encoding.UTF8.GetBytes(text) : utf8Body.Span);

    public long? SequenceNumber { get; }

    public DateTimeOffset? EnqueuedTimeUtc { get; }

    /// <summary>Decodes and validates the body, from its bytes when it came as bytes.</summary>
    public EventParseResult Parse(DateTimeOffset referenceTime) =>
        body is { } text && utf8Body.IsEmpty ? EventParser.Parse(text, referenceTime) : EventParser.Parse(utf8Body.Span, referenceTime);

    public bool Equals(RawEvent? other) =>
        other is not null && SequenceNumber == other.SequenceNumber && EnqueuedTimeUtc == other.EnqueuedTimeUtc && string.Equals(Body, other.Body, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Body), SequenceNumber, EnqueuedTimeUtc);
}
