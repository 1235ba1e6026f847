using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// Where a batch lies in its partition: its first and last sequence numbers, or, for a batch without them, a hash of
/// its bodies. The same batch delivered again has the same position.
/// </summary>
public readonly record struct BatchPosition(long? First, long? Last, string? ContentHash)
{
    public static BatchPosition Of(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long? first = null, last = null;
        foreach (var e in batch.Events)
        {
            if (e.SequenceNumber is { } sequence)
            {
                first = first is { } f && f <= sequence ? f : sequence;
                last = last is { } l && l >= sequence ? l : sequence;
            }
        }

        if (first is not null)
        {
            return new BatchPosition(first, last, null);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in batch.Events)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(e.Body));
            hash.AppendData([0]);
        }

        return new BatchPosition(null, null, Convert.ToHexStringLower(hash.GetHashAndReset())[..32]);
    }

    public override string ToString() =>
        First is { } first
            ? string.Create(CultureInfo.InvariantCulture, $"{first}..{Last}")
            : "sha256:" + ContentHash;
}
