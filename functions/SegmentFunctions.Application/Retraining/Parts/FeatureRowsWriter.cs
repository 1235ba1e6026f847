using System.Runtime.InteropServices;
using System.Text;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// Writes a shard's feature rows (<see cref="FeatureRowsFile"/>) to a local file as they are read from the snapshot,
/// a row at a time, so the shard is never held; <see cref="PartStore.WriteFeatureRowsAsync"/> uploads the file.
/// </summary>
public sealed class FeatureRowsWriter : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly int _columns;

    /// <param name="columnNames">The rows' columns, in order.</param>
    public FeatureRowsWriter(IReadOnlyList<string> columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        _columns = columnNames.Count;
        _file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"segment-feature-rows-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 1 << 16, FileOptions.DeleteOnClose);
        using var writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
        writer.Write(FeatureRowsFile.Format);
        writer.Write(_columns);
        foreach (var name in columnNames)
        {
            writer.Write(name);
        }
    }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Appends one row, its values bit for bit.</summary>
    /// <exception cref="ArgumentException">The row does not have the file's columns.</exception>
    public void Append(ReadOnlySpan<double> row)
    {
        if (row.Length != _columns)
        {
            throw new ArgumentException($"A row of {row.Length} values for {_columns} columns.", nameof(row));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Feature rows are written little-endian.");
        }

        _file.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    /// <summary>The file from its start, for the upload; the writer owns it and deletes it when disposed.</summary>
    internal Stream Rewind()
    {
        _file.Flush();
        _file.Position = 0;
        return _file;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
