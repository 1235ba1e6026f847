using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.DeadLetters;

/// <summary>
/// A dead letter as stored. The raw body is kept exactly: as a JSON string when it is well-formed UTF-16, otherwise
/// (a lone surrogate, which no JSON text can carry unchanged) as the base64 of its UTF-16LE code units; a body that
/// arrived as bytes that are not valid UTF-8 as the base64 of those bytes.
/// </summary>
internal sealed record DeadLetterRecord(
    string Reason,
    string? RawBody,
    string? RawBodyUtf16,
    string Source,
    string? PartitionId,
    long? SequenceNumber,
    DateTimeOffset? EnqueuedTimeUtc,
    DateTimeOffset DeadLetteredAt,
    string? CustomerId,
    string? RawBodyUtf8 = null)
{
    public static DeadLetterRecord From(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (letter.RawBodyUtf8 is { } bytes)
        {
            return new DeadLetterRecord(
                letter.Reason, null, null, letter.Source, letter.PartitionId, letter.SequenceNumber, letter.EnqueuedTimeUtc,
                letter.DeadLetteredAt, letter.CustomerId, Convert.ToBase64String(bytes));
        }

        var wellFormed = IsWellFormed(letter.RawBody);
        return new DeadLetterRecord(
            letter.Reason,
            wellFormed ? letter.RawBody : null,
            wellFormed ? null : Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(letter.RawBody.AsSpan())),
            letter.Source,
            letter.PartitionId,
            letter.SequenceNumber,
            letter.EnqueuedTimeUtc,
            letter.DeadLetteredAt,
            letter.CustomerId);
    }

    public DeadLetter ToDeadLetter()
    {
        if (RawBodyUtf8 is { } base64)
        {
            var bytes = Convert.FromBase64String(base64);
            return new(Reason, System.Text.Encoding.UTF8.GetString(bytes), Source, PartitionId, SequenceNumber, EnqueuedTimeUtc, DeadLetteredAt, CustomerId, bytes);
        }

        return new(Reason, RawBody ?? DecodeUtf16(RawBodyUtf16), Source, PartitionId, SequenceNumber, EnqueuedTimeUtc, DeadLetteredAt, CustomerId);
    }

    private static string DecodeUtf16(string? base64)
    {
        var bytes = Convert.FromBase64String(base64 ?? throw new InvalidDataException("A dead letter has neither rawBody nor rawBodyUtf16."));
        return new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(bytes));
    }

    /// <summary>Whether the text is well-formed UTF-16 (no lone surrogate).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
