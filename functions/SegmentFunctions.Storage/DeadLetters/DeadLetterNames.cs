using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.DeadLetters;

/// <summary>
/// One object per dead letter, named by its position: "{source}/{partition}/{sequence:D20}-{reason code}.jsonl", or
/// "{source}/{partition}/sha256-{hash of reason and body}.jsonl" for a letter without a sequence number. A replay of
/// any batch, with any batch boundaries, produces the same names, and a name that exists already is the same letter:
/// sinks never overwrite one. The reason code is part of the name because one event can be rejected twice in
/// different ways (an event-level letter, then the whole batch).
/// </summary>
internal static class DeadLetterNames
{
    public const string Extension = ".jsonl";

    /// <summary>Longest source or partition kept as a readable path segment; a longer one is named by its hash.</summary>
    private const int MaxReadableSegment = 64;

    /// <summary>Whether the letter names the customer: by its customer id, or by the id as a JSON string in its body.</summary>
    public static bool Names(DeadLetter letter, string customerId)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return string.Equals(letter.CustomerId, customerId, StringComparison.Ordinal)
            || letter.RawBody.Contains(System.Text.Json.JsonSerializer.Serialize(customerId, Naming.StorageJsonContext.Default.String), StringComparison.Ordinal)
            || letter.RawBody.Contains('"' + customerId + '"', StringComparison.Ordinal);
    }

    public static string Of(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var name = letter.SequenceNumber is { } sequence
            ? sequence.ToString("D20", CultureInfo.InvariantCulture) + "-" + Code(letter.Reason)
            : "sha256-" + (letter.RawBodyUtf8 is { } bytes ? Hash(letter.Reason + "\u0002" + Convert.ToBase64String(bytes)) : Hash(letter.Reason + "\u0001" + letter.RawBody));
        return $"{Segment(letter.Source)}/{Segment(letter.PartitionId ?? "none")}/{name}{Extension}";
    }

    public static byte[] ToJsonLine(DeadLetter letter)
    {
        var line = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(DeadLetterRecord.From(letter), Naming.StorageJsonContext.Default.DeadLetterRecord);
        return [.. line, (byte)'\n'];
    }

    public static async IAsyncEnumerable<DeadLetter> ReadJsonLinesAsync(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                var record = System.Text.Json.JsonSerializer.Deserialize(line, Naming.StorageJsonContext.Default.DeadLetterRecord)
                    ?? throw new InvalidDataException("A dead-letter line is the JSON literal null.");
                yield return record.ToDeadLetter();
            }
        }
    }

    /// <summary>The stable code before the reason's colon, restricted to the characters codes use.</summary>
    private static string Code(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var code = colon > 0 ? reason[..colon] : reason;
        return code.Length is > 0 and <= 40 && code.All(c => c is (>= 'a' and <= 'z') or '_' or (>= '0' and <= '9'))
            ? code
            : "r" + Hash(reason)[..16];
    }

    /// <summary>Sources and partitions become one safe path segment each (no slashes, no dots-only names, bounded length).</summary>
    private static string Segment(string value)
    {
        if (value.Length > MaxReadableSegment || !DeadLetterRecord.IsWellFormed(value))
        {
            return "h-" + Hash(value);
        }

        var escaped = Uri.EscapeDataString(value).Replace(".", "%2E", StringComparison.Ordinal);
        return escaped.Length <= MaxReadableSegment ? escaped : "h-" + Hash(value);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
