using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// One Parquet file of a shard's part, downloaded and checked against its part.json, read a row group at a time:
/// a cursor over its records for the k-way merge of audience files, and its row groups for concatenating scores.
/// </summary>
internal sealed class BatchScorePartFile : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly ParquetReader _reader;
    private readonly BatchScoreSchema _schema;
    private readonly IReadOnlyDictionary<int, string> _names;
    private readonly DateTimeOffset _asOf;
    private BatchScoreRecord[] _group = [];
    private int _nextGroup;
    private readonly string _version;
    private int _index = -1;

    private BatchScorePartFile(
        string version, FileStream file, ParquetReader reader, BatchScoreSchema schema, IReadOnlyDictionary<int, string> names, DateTimeOffset asOf)
    {
        _version = version;
        _file = file;
        _reader = reader;
        _schema = schema;
        _names = names;
        _asOf = asOf;
    }

    /// <summary>The record the cursor is on, after <see cref="MoveNextAsync"/> returned true.</summary>
    public BatchScoreRecord Current => _group[_index];

    /// <exception cref="BatchScoresCorruptException">The file is missing, does not match, or is not Parquet.</exception>
    public static async Task<BatchScorePartFile> OpenAsync(
        IBlobStore blobs, string version, string path, string sha256, long length, BatchScoreSchema schema,
        IReadOnlyDictionary<int, string> names, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var file = await VerifiedDownload.OpenAsync(blobs, path, sha256, length, reason => new BatchScoresCorruptException(version, reason), cancellationToken);
        try
        {
            var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
            return new BatchScorePartFile(version, file, reader, schema, names, asOf);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await file.DisposeAsync();
            throw new BatchScoresCorruptException(version, $"{path} is not a readable Parquet file.", e);
        }
    }

    /// <summary>The next row group's records, or null after the last.</summary>
    public async Task<BatchScoreRecord[]?> ReadGroupAsync(CancellationToken cancellationToken)
    {
        if (_nextGroup >= _reader.RowGroupCount)
        {
            return null;
        }

        try
        {
            return await _schema.ReadRowGroupAsync(_reader, _nextGroup++, _names, _asOf, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new BatchScoresCorruptException(_version, e.Message, e);
        }
    }

    public async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (++_index >= _group.Length)
        {
            if (await ReadGroupAsync(cancellationToken) is not { } group)
            {
                return false;
            }

            _group = group;
            _index = -1;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _file.DisposeAsync();
    }
}
