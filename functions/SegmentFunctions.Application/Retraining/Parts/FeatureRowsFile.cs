using System.Runtime.InteropServices;
using System.Text;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// A shard's feature rows, every column of the training table, as a part (<c>feature-rows.bin</c>): "FRW1", the
/// column count and names, then the rows as little-endian doubles, row-major, to the end of the file. Read from a local
/// copy block by block (<see cref="Read"/>), as often as needed, without holding the shard.
/// </summary>
public static class FeatureRowsFile
{
    /// <summary>"FRW1": the first four bytes of a feature rows part.</summary>
    internal const int Format = 0x31575246;

    /// <summary>The rows of the file at <paramref name="path"/>, <paramref name="blockRows"/> at a time.</summary>
    /// <exception cref="InvalidDataException">The file is not feature rows, or ends within a row.</exception>
    public static IEnumerable<FeatureMatrix> Read(string path, int blockRows = 8_192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        string[] names;
        using (var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true))
        {
            try
            {
                if (reader.ReadInt32() != Format)
                {
                    throw new InvalidDataException($"'{path}' is not a shard's feature rows.");
                }

                names = new string[reader.ReadInt32()];
                for (var j = 0; j < names.Length; j++)
                {
                    names[j] = reader.ReadString();
                }
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"'{path}' is not a shard's feature rows: {e.Message}", e);
            }
        }

        var rowBytes = names.Length * sizeof(double);
        var buffer = new double[blockRows * names.Length];
        while (true)
        {
            var bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
            var read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read % rowBytes != 0)
            {
                throw new InvalidDataException($"'{path}' ends within a row.");
            }

            var rows = read / rowBytes;
            if (rows == 0)
            {
                yield break;
            }

            yield return new FeatureMatrix(rows == blockRows ? buffer : buffer[..(rows * names.Length)], rows, names.Length, names);
            if (rows < blockRows)
            {
                yield break;
            }
        }
    }
}
