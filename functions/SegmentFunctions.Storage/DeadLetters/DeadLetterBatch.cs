using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.DeadLetters;

/// <summary>
/// The letters of one write call from one (source, partition), stored as one JSON-lines object named
/// "{source}/{partition}/{first sequence}.jsonl". A replayed batch carries the same letters, so it gets the same name
/// and overwrites the earlier object instead of adding duplicates. Letters without a sequence number are named by a
/// hash of their content, which is just as stable under replay.
/// </summary>
internal sealed record DeadLetterBatch(string Key, IReadOnlyList<DeadLetter> Letters)
{
    public const string Extension = ".jsonl";

    public static IEnumerable<DeadLetterBatch> Split(IReadOnlyList<DeadLetter> letters) =>
        letters
            .GroupBy(letter => (letter.Source, Partition: letter.PartitionId ?? "none"))
            .Select(group =>
            {
                var batch = group.OrderBy(l => l.SequenceNumber ?? long.MinValue).ToList();
                var first = batch.Where(l => l.SequenceNumber is not null).Select(l => l.SequenceNumber!.Value).DefaultIfEmpty().Min();
                var name = batch.Any(l => l.SequenceNumber is not null)
                    ? first.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)
                    : "nosequence-" + ContentHash(batch);
                var key = $"{Segment(group.Key.Source)}/{Segment(group.Key.Partition)}/{name}{Extension}";
                return new DeadLetterBatch(key, batch);
            });

    public byte[] ToJsonLines()
    {
        using var buffer = new MemoryStream();
        foreach (var letter in Letters)
        {
            JsonSerializer.Serialize(buffer, letter, StorageJsonContext.Default.DeadLetter);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    public static async IAsyncEnumerable<DeadLetter> ReadJsonLinesAsync(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize(line, StorageJsonContext.Default.DeadLetter)
                    ?? throw new InvalidDataException("A dead-letter line is the JSON literal null.");
            }
        }
    }

    /// <summary>Sources and partitions become one safe path segment each (no slashes, no dots-only names).</summary>
    private static string Segment(string value) => Uri.EscapeDataString(value).Replace(".", "%2E", StringComparison.Ordinal);

    private static string ContentHash(IEnumerable<DeadLetter> letters)
    {
        var text = string.Join('\n', letters.Select(l => $"{l.Reason}\u0001{l.RawBody}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
