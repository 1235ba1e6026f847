using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// The runs' own records in the blob store, beside their working files: <c>{container}/{runId}/run.json</c> (the
/// status document as of the run's start and end) and <c>{container}/active.json</c> (the singleton pointer). The
/// records outlive the task hub's instances, which an in-memory backend forgets when its process ends.
/// </summary>
public sealed class RetrainRunStore(IBlobStore store, IOptions<RetrainingOptions> options)
{
    private const string RecordName = "run.json";
    private readonly string _root = $"{options.Value.RunsContainer}/";

    public string RecordPath(string runId) => $"{_root}{runId}/{RecordName}";

    public string PointerPath => $"{_root}active.json";

    public async Task<RetrainRunStatus?> ReadRecordAsync(string runId, CancellationToken cancellationToken) =>
        (await ReadAsync(RecordPath(runId), RetrainRunsJsonContext.Default.RetrainRunStatus, cancellationToken))?.Document;

    public Task WriteRecordAsync(RetrainRunStatus record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync(RecordPath(record.Id), record, RetrainRunsJsonContext.Default.RetrainRunStatus, BlobCondition.None, cancellationToken);
    }

    public Task<(ActiveRunPointer Document, string ETag)?> ReadPointerAsync(CancellationToken cancellationToken) =>
        ReadAsync(PointerPath, RetrainRunsJsonContext.Default.ActiveRunPointer, cancellationToken);

    /// <summary>Writes the pointer if it is still at <paramref name="etag"/> (absent when null); throws <see cref="BlobConditionFailedException"/> otherwise.</summary>
    public Task<string> WritePointerAsync(ActiveRunPointer pointer, string? etag, CancellationToken cancellationToken) =>
        WriteAsync(PointerPath, pointer, RetrainRunsJsonContext.Default.ActiveRunPointer,
            etag is null ? BlobCondition.IfNotExists : BlobCondition.IfMatch(etag), cancellationToken);

    /// <summary>Every run's record, newest first.</summary>
    public async Task<IReadOnlyList<RetrainRunStatus>> ListRecordsAsync(CancellationToken cancellationToken)
    {
        var records = new List<RetrainRunStatus>();
        await foreach (var blob in store.ListAsync(_root, cancellationToken))
        {
            var relative = blob.Path[_root.Length..];
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && relative[(slash + 1)..] == RecordName && await ReadRecordAsync(relative[..slash], cancellationToken) is { } record)
            {
                records.Add(record);
            }
        }

        return [.. records.OrderByDescending(r => r.CreatedTime).ThenByDescending(r => r.Id, StringComparer.Ordinal)];
    }

    private async Task<(T Document, string ETag)?> ReadAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        await using var download = await store.OpenReadAsync(path, cancellationToken);
        if (download is null)
        {
            return null;
        }

        try
        {
            var document = await JsonSerializer.DeserializeAsync(download.Content, typeInfo, cancellationToken)
                ?? throw new JsonException("The document is null.");
            return (document, download.ETag);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Blob '{path}' is not a valid {typeof(T).Name} document: {ex.Message}", ex);
        }
    }

    private async Task<string> WriteAsync<T>(string path, T document, JsonTypeInfo<T> typeInfo, BlobCondition condition, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, typeInfo), writable: false);
        return await store.WriteAsync(path, content, condition, cancellationToken);
    }
}
