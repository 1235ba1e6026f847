using System.Buffers;
using System.IO.Pipelines;

namespace SegmentFunctions.Cli.Send;

/// <summary>
/// Reads a JSON-lines file line by line as UTF-8 bytes, each line in an array of its own: the bytes an event's body
/// carries, without decoding them to text and encoding them again. Lines end with <c>\n</c> or <c>\r\n</c>; a UTF-8
/// byte order mark at the start of the file is not part of the first line. The bytes are not validated here.
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4, leaveOpen: true));
    private ReadOnlySequence<byte> _buffer;
    private bool _holdingBuffer;
    private bool _completed;
    private bool _atStart = true;

    /// <summary>The next line's bytes without its line ending, or null at the end of the file.</summary>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = _buffer.Slice(0, end);
                _buffer = _buffer.Slice(_buffer.GetPosition(1, end));
                return Take(line);
            }

            if (_completed)
            {
                if (_buffer.IsEmpty)
                {
                    return null;
                }

                var last = _buffer;
                _buffer = _buffer.Slice(_buffer.End);
                return Take(last);
            }

            if (_holdingBuffer)
            {
                _reader.AdvanceTo(_buffer.Start, _buffer.End);
            }

            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _buffer = result.Buffer;
            _holdingBuffer = true;
            _completed = result.IsCompleted;
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private byte[] Take(ReadOnlySequence<byte> line)
    {
        if (_atStart)
        {
            _atStart = false;
            if (line.Length >= 3 && StartsWithByteOrderMark(line))
            {
                line = line.Slice(3);
            }
        }

        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        return line.ToArray();
    }

    private static bool StartsWithByteOrderMark(ReadOnlySequence<byte> line)
    {
        Span<byte> start = stackalloc byte[3];
        line.Slice(0, 3).CopyTo(start);
        return start.SequenceEqual("\uFEFF"u8);
    }
}
