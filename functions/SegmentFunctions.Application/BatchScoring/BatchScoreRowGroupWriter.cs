using Parquet;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>Writes records to a batch score Parquet file in row groups of a fixed size, the last one shorter.</summary>
internal sealed class BatchScoreRowGroupWriter(BatchScoreSchema schema, int rowGroupSize, ParquetWriter writer) : IAsyncDisposable
{
    private readonly List<BatchScoreRecord> _group = new(Math.Min(rowGroupSize, 1 << 16));

    public async Task AddAsync(BatchScoreRecord record, CancellationToken cancellationToken)
    {
        _group.Add(record);
        if (_group.Count == rowGroupSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes the records held as a row group, if any; call before disposing.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_group.Count > 0)
        {
            await schema.WriteRowGroupAsync(writer, _group.ToArray(), cancellationToken);
            _group.Clear();
        }
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
