using System.Text.Json;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// A run's history: one write-once record per completed activity call. The first record written for a sequence
/// number wins, so a worker that lost its lease cannot change what a resumed run replays.
/// </summary>
internal sealed class OrchestrationJournal(RunDocuments documents, string runId, int largeResultThresholdBytes)
{
    public async Task<IReadOnlyDictionary<int, ActivityRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        var records = new Dictionary<int, ActivityRecord>();
        await foreach (var blob in documents.Store.ListAsync(documents.Layout.History(runId), cancellationToken))
        {
            var read = await documents.ReadAsync(blob.Path, OrchestrationJsonContext.Default.ActivityRecord, cancellationToken);
            if (read is { Document: var record })
            {
                records[record.Sequence] = record;
            }
        }

        return records;
    }

    /// <summary>Journals <paramref name="record"/> (spilling a large result) and returns the record that holds.</summary>
    public async Task<ActivityRecord> AppendAsync(ActivityRecord record, CancellationToken cancellationToken)
    {
        if (record.Result is { } result && OrchestrationSerializer.Utf8(result) is { } bytes && bytes.Length > largeResultThresholdBytes)
        {
            var resultPath = documents.Layout.Result(runId, record.Sequence);
            await documents.WriteBytesAsync(resultPath, bytes, BlobCondition.IfNotExists, cancellationToken);
            record = record with { Result = null, ResultBlob = resultPath };
        }

        var path = documents.Layout.Record(runId, record.Sequence);
        try
        {
            await documents.WriteAsync(path, record, OrchestrationJsonContext.Default.ActivityRecord, BlobCondition.IfNotExists, cancellationToken);
            return record;
        }
        catch (BlobConditionFailedException)
        {
            var existing = await documents.ReadAsync(path, OrchestrationJsonContext.Default.ActivityRecord, cancellationToken);
            return existing?.Document ?? throw new InvalidDataException($"Journal record '{path}' vanished after a conflicting write.");
        }
    }

    public async Task<JsonElement> ReadResultAsync(ActivityRecord record, CancellationToken cancellationToken)
    {
        if (record.ResultBlob is null)
        {
            // A null result is journaled as an absent one: JSON null does not survive a nullable JsonElement round trip.
            return record.Result ?? OrchestrationSerializer.NullElement;
        }

        await using var download = await documents.Store.OpenReadAsync(record.ResultBlob, cancellationToken)
            ?? throw new InvalidDataException($"Result blob '{record.ResultBlob}' of journal record {record.Sequence} is missing.");
        using var json = await JsonDocument.ParseAsync(download.Content, cancellationToken: cancellationToken);
        return json.RootElement.Clone();
    }
}
