using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>Reads and writes the engine's JSON documents (status, records, pointers) as blobs with their ETags.</summary>
internal sealed class RunDocuments(IBlobStore store, RunLayout layout)
{
    public IBlobStore Store { get; } = store;

    public RunLayout Layout { get; } = layout;

    public async Task<(T Document, string ETag)?> ReadAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        await using var download = await Store.OpenReadAsync(path, cancellationToken);
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

    public Task<string> WriteAsync<T>(string path, T document, JsonTypeInfo<T> typeInfo, BlobCondition condition, CancellationToken cancellationToken) =>
        WriteBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(document, typeInfo), condition, cancellationToken);

    public async Task<string> WriteBytesAsync(string path, byte[] content, BlobCondition condition, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await Store.WriteAsync(path, stream, condition, cancellationToken);
    }

    public Task<(OrchestrationStatus Document, string ETag)?> ReadStatusAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync(Layout.Status(runId), OrchestrationJsonContext.Default.OrchestrationStatus, cancellationToken);

    public Task<string> WriteStatusAsync(OrchestrationStatus status, BlobCondition condition, CancellationToken cancellationToken) =>
        WriteAsync(Layout.Status(status.Id), status, OrchestrationJsonContext.Default.OrchestrationStatus, condition, cancellationToken);
}
