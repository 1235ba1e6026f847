using System.Diagnostics.CodeAnalysis;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// The spill file of one segment for an external merge sort: each scored batch appends its rows of the segment as one
/// run sorted by <see cref="AudienceOrder"/>; <see cref="MergeAsync"/> then streams the k-way merge of the runs with
/// one buffered reader per run, so sorting a segment of any size holds only (runs x buffer) bytes in memory.
/// Records are stored without segment name and as-of time, which are constant for the file.
/// </summary>
internal sealed class SegmentRunFile : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly string _path;
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly List<(long Offset, int Count)> _runs = [];

    public SegmentRunFile(string path)
    {
        _path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize);
        _writer = new BinaryWriter(_file);
    }

    public long Count { get; private set; }

    /// <summary>Appends one run; <paramref name="sorted"/> must already be in <see cref="AudienceOrder"/>.</summary>
    public void AppendRun(IReadOnlyList<BatchScoreRecord> sorted)
    {
        if (sorted.Count == 0)
        {
            return;
        }

        _writer.Flush();
        _runs.Add((_file.Position, sorted.Count));
        foreach (var record in sorted)
        {
            Write(_writer, record);
        }

        Count += sorted.Count;
    }

    /// <summary>Every appended record in <see cref="AudienceOrder"/>.</summary>
    public async IAsyncEnumerable<BatchScoreRecord> MergeAsync(
        int segments, string segmentName, DateTimeOffset asOf, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _writer.Flush();
        var readers = new List<RunReader>(_runs.Count);
        try
        {
            var queue = new PriorityQueue<RunReader, BatchScoreRecord>(_runs.Count, AudienceOrder.Instance);
            foreach (var (offset, count) in _runs)
            {
                var reader = new RunReader(_path, offset, count, segments, segmentName, asOf);
                readers.Add(reader);
                if (reader.TryRead(out var first))
                {
                    queue.Enqueue(reader, first);
                }
            }

            long yielded = 0;
            while (queue.TryDequeue(out var reader, out var record))
            {
                if (++yielded % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                }

                yield return record;
                if (reader.TryRead(out var next))
                {
                    queue.Enqueue(reader, next);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        File.Delete(_path);
    }

    private static void Write(BinaryWriter writer, BatchScoreRecord record)
    {
        writer.Write(record.CustomerId);
        writer.Write(record.SegmentId);
        writer.Write(record.SegmentProbability);
        foreach (var p in record.SegmentProbabilities)
        {
            writer.Write(p);
        }

        writer.Write(record.ChurnProbability);
        writer.Write((byte)record.ChurnBand);
        writer.Write((byte)record.ChurnMethod);
        writer.Write(record.ProbabilityAlive);
        writer.Write(record.ExpectedPurchases);
        writer.Write(record.Clv.HasValue);
        writer.Write(record.Clv.GetValueOrDefault());
        Write(writer, record.ProbabilityAliveInterval);
        Write(writer, record.ExpectedPurchasesInterval);
        Write(writer, record.ClvInterval);
    }

    private static void Write(BinaryWriter writer, ScoreInterval? interval)
    {
        writer.Write(interval.HasValue);
        writer.Write(interval.GetValueOrDefault().Low);
        writer.Write(interval.GetValueOrDefault().High);
    }

    private sealed class RunReader : IDisposable
    {
        private readonly BinaryReader _reader;
        private readonly int _segments;
        private readonly string _segmentName;
        private readonly DateTimeOffset _asOf;
        private int _remaining;

        public RunReader(string path, long offset, int count, int segments, string segmentName, DateTimeOffset asOf)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize);
            file.Position = offset;
            _reader = new BinaryReader(file);
            _remaining = count;
            _segments = segments;
            _segmentName = segmentName;
            _asOf = asOf;
        }

        public bool TryRead([NotNullWhen(true)] out BatchScoreRecord? record)
        {
            if (_remaining == 0)
            {
                record = null;
                return false;
            }

            _remaining--;
            var id = _reader.ReadString();
            var segmentId = _reader.ReadInt32();
            var segmentProbability = _reader.ReadDouble();
            var probabilities = new double[_segments];
            for (var k = 0; k < probabilities.Length; k++)
            {
                probabilities[k] = _reader.ReadDouble();
            }

            var churn = _reader.ReadDouble();
            var band = (RiskBand)_reader.ReadByte();
            var method = (ChurnMethod)_reader.ReadByte();
            var alive = _reader.ReadDouble();
            var expected = _reader.ReadDouble();
            var hasClv = _reader.ReadBoolean();
            var clv = _reader.ReadDouble();
            record = new BatchScoreRecord(
                id, segmentId, _segmentName, segmentProbability, probabilities, churn, band, method, alive, expected,
                hasClv ? clv : null, _asOf, ReadInterval(), ReadInterval(), ReadInterval());
            return true;
        }

        private ScoreInterval? ReadInterval()
        {
            var has = _reader.ReadBoolean();
            var interval = new ScoreInterval(_reader.ReadDouble(), _reader.ReadDouble());
            return has ? interval : null;
        }

        public void Dispose() => _reader.Dispose();
    }
}
