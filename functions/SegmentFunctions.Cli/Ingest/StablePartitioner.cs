using System.Text;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// Maps a partition key to a partition with 32-bit FNV-1a over its UTF-8 bytes (Fowler, Noll, Vo), which, unlike
/// <see cref="string.GetHashCode()"/>, is the same in every process, so a customer always lands in the same partition.
/// </summary>
internal static class StablePartitioner
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static int Partition(string key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)(Fnv1a32(key) % (uint)partitionCount);
    }

    public static uint Fnv1a32(string key)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
