using System.Buffers.Binary;

namespace SegmentFunctions.Cli.Tests.Report;

/// <summary>Width and height from a PNG's IHDR chunk, after checking the 8-byte signature.</summary>
internal static class PngHeader
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Read(string path)
    {
        var bytes = new byte[24];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(bytes);
        }

        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
