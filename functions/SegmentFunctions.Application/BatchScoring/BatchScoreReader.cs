using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Reads complete batch score versions (those with a manifest), one Parquet row group in memory at a time. Each file
/// is downloaded to a local temporary file while its SHA-256 is computed, and nothing is yielded unless hash and
/// length match the manifest. Customers erased since the version was scored are left out of every read, looked up in
/// the suppression list once per row group (the next batch scoring leaves them out of the file itself). A composition
/// without a suppression list (a retraining worker's, which only compares versions) reads every row.
/// </summary>
public sealed class BatchScoreReader(IBlobStore blobs, IOptions<BatchScoringOptions> options, ISuppressionList? suppressions = null)
{
    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private readonly BatchScoreLayout _layout = new(options.Value.Container);

    /// <summary>The manifest of a complete version, or null when the version does not exist or is incomplete.</summary>
    /// <exception cref="BatchScoresCorruptException">manifest.json is not a manifest this code can read.</exception>
    public async Task<BatchScoreManifest?> ReadManifestAsync(string version, CancellationToken cancellationToken)
    {
        BatchScoreLayout.ValidateVersion(version);
        BatchScoreManifest? manifest;
        try
        {
            await using var download = await blobs.OpenReadAsync(_layout.Manifest(version), cancellationToken);
            if (download is null)
            {
                return null;
            }

            manifest = await JsonSerializer.DeserializeAsync(download.Content, BatchScoringJsonContext.Default.BatchScoreManifest, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BatchScoresCorruptException(version, "manifest.json is not a valid manifest.", e);
        }

        if (manifest is null || !string.Equals(manifest.Version, version, StringComparison.Ordinal))
        {
            throw new BatchScoresCorruptException(version, "manifest.json does not describe this version.");
        }

        if (manifest.FormatVersion > BatchScoreManifest.CurrentFormatVersion)
        {
            throw new BatchScoresCorruptException(
                version, $"it has format {manifest.FormatVersion}; this code reads up to {BatchScoreManifest.CurrentFormatVersion}.");
        }

        return manifest;
    }

    /// <summary>Every customer's scores, in snapshot order.</summary>
    /// <exception cref="BatchScoresNotFoundException">The version does not exist or is incomplete.</exception>
    /// <exception cref="BatchScoresCorruptException">The file does not match the manifest or cannot be decoded.</exception>
    public async IAsyncEnumerable<BatchScoreRecord> ReadAllAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await RequireManifestAsync(version, cancellationToken);
        await foreach (var record in ReadFileAsync(
            manifest, _layout.Scores(version), manifest.ContentSha256, manifest.ContentLength, manifest.RowCount, cancellationToken))
        {
            yield return record;
        }
    }

    /// <summary>One segment's customers, most likely to churn first (ties by customer id): an audience page is a scan.</summary>
    /// <exception cref="BatchScoresNotFoundException">The version does not exist or has no such segment.</exception>
    /// <exception cref="BatchScoresCorruptException">The file does not match the manifest or cannot be decoded.</exception>
    public async IAsyncEnumerable<BatchScoreRecord> ReadSegmentAsync(
        string version, int segmentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await RequireManifestAsync(version, cancellationToken);
        var segment = manifest.Segments.FirstOrDefault(s => s.SegmentId == segmentId)
            ?? throw new BatchScoresNotFoundException(version, segmentId);
        await foreach (var record in ReadFileAsync(
            manifest, _layout.Segment(version, segmentId), segment.ContentSha256, segment.ContentLength, segment.Count, cancellationToken))
        {
            yield return record;
        }
    }

    /// <summary>
    /// One customer's batch scores (a scan of the customer id column), or null when it was not scored or has been
    /// erased since.
    /// </summary>
    /// <exception cref="BatchScoresNotFoundException">The version does not exist or is incomplete.</exception>
    /// <exception cref="BatchScoresCorruptException">The file does not match the manifest or cannot be decoded.</exception>
    public async Task<BatchScoreRecord?> FindAsync(string version, string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var manifest = await RequireManifestAsync(version, cancellationToken);
        var schema = new BatchScoreSchema([.. manifest.Segments.Select(s => s.SegmentId)]);
        await using var file = await VerifiedDownload.OpenAsync(
            blobs, _layout.Scores(version), manifest.ContentSha256, manifest.ContentLength, reason => new BatchScoresCorruptException(version, reason), cancellationToken);
        await using var reader = await OpenParquetAsync(file, version, cancellationToken);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var (ids, _) = await Decode(version, () => BatchScoreSchema.ReadAssignmentsAsync(reader, g, cancellationToken));
            var row = Array.IndexOf(ids, customerId);
            if (row >= 0)
            {
                if (suppressions is not null && (await suppressions.FindSuppressedAsync([customerId], cancellationToken)).Contains(customerId))
                {
                    return null;
                }

                var records = await Decode(version, () => schema.ReadRowGroupAsync(reader, g, SegmentNames(manifest), manifest.AsOf, cancellationToken));
                return records[row];
            }
        }

        return null;
    }

    /// <summary>The segment flows of the version, or null when it has none (it was scored without a previous version).</summary>
    /// <exception cref="BatchScoresCorruptException">flows.json cannot be read.</exception>
    public async Task<SegmentFlows?> ReadFlowsAsync(string version, CancellationToken cancellationToken)
    {
        BatchScoreLayout.ValidateVersion(version);
        try
        {
            await using var download = await blobs.OpenReadAsync(_layout.Flows(version), cancellationToken);
            return download is null
                ? null
                : await JsonSerializer.DeserializeAsync(download.Content, BatchScoringJsonContext.Default.SegmentFlows, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BatchScoresCorruptException(version, "flows.json is not valid.", e);
        }
    }

    /// <summary>customerId -> segmentId of every scored customer: what segment flows compare against.</summary>
    internal async Task<Dictionary<string, int>> ReadAssignmentsAsync(BatchScoreManifest manifest, CancellationToken cancellationToken)
    {
        var assignments = new Dictionary<string, int>(checked((int)manifest.RowCount), StringComparer.Ordinal);
        await using var file = await VerifiedDownload.OpenAsync(
            blobs, _layout.Scores(manifest.Version), manifest.ContentSha256, manifest.ContentLength, reason => new BatchScoresCorruptException(manifest.Version, reason), cancellationToken);
        await using var reader = await OpenParquetAsync(file, manifest.Version, cancellationToken);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var (ids, segments) = await Decode(manifest.Version, () => BatchScoreSchema.ReadAssignmentsAsync(reader, g, cancellationToken));
            for (var i = 0; i < ids.Length; i++)
            {
                assignments[ids[i] ?? throw new BatchScoresCorruptException(manifest.Version, $"row {i} of row group {g} has no customer id.")] = segments[i];
            }
        }

        return assignments;
    }

    private async Task<BatchScoreManifest> RequireManifestAsync(string version, CancellationToken cancellationToken) =>
        await ReadManifestAsync(version, cancellationToken) ?? throw new BatchScoresNotFoundException(version);

    private async IAsyncEnumerable<BatchScoreRecord> ReadFileAsync(
        BatchScoreManifest manifest, string path, string sha256, long length, long expectedRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var schema = new BatchScoreSchema([.. manifest.Segments.Select(s => s.SegmentId)]);
        var names = SegmentNames(manifest);
        await using var file = await VerifiedDownload.OpenAsync(
            blobs, path, sha256, length, reason => new BatchScoresCorruptException(manifest.Version, reason), cancellationToken);
        await using var reader = await OpenParquetAsync(file, manifest.Version, cancellationToken);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var records = await Decode(manifest.Version, () => schema.ReadRowGroupAsync(reader, g, names, manifest.AsOf, cancellationToken));
            rows += records.Length;
            if (records.Length == 0)
            {
                continue;
            }

            var erased = suppressions is null
                ? EmptySet
                : await suppressions.FindSuppressedAsync([.. records.Select(r => r.CustomerId)], cancellationToken);
            foreach (var record in records)
            {
                if (!erased.Contains(record.CustomerId))
                {
                    yield return record;
                }
            }
        }

        if (rows != expectedRows)
        {
            throw new BatchScoresCorruptException(manifest.Version, $"the manifest counts {expectedRows} rows in {path} but the file holds {rows}.");
        }
    }

    private static Dictionary<int, string> SegmentNames(BatchScoreManifest manifest) =>
        manifest.Segments.ToDictionary(s => s.SegmentId, s => s.SegmentName);

    private static async Task<ParquetReader> OpenParquetAsync(Stream file, string version, CancellationToken cancellationToken)
    {
        try
        {
            return await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new BatchScoresCorruptException(version, "a score file is not a readable Parquet file.", e);
        }
    }

    private static async Task<T> Decode<T>(string version, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new BatchScoresCorruptException(version, e.Message, e);
        }
    }
}
