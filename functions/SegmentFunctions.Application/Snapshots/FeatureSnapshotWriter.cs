using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Copies every feature document into an immutable Parquet snapshot. Documents stream from
/// <see cref="IFeatureStore.ReadAllAsync"/> into row groups of <see cref="SnapshotOptions.RowGroupSize"/> rows in a
/// local temporary file, so memory stays constant in the number of customers; the file is then uploaded and the
/// manifest written last, which makes the snapshot visible. Documents are stored without their ingestion
/// bookkeeping (<see cref="CustomerFeatures.Processing"/>; see <see cref="FeatureSnapshotSchema"/>).
/// </summary>
public sealed partial class FeatureSnapshotWriter(
    IFeatureStore features,
    IBlobStore blobs,
    IOptions<SnapshotOptions> options,
    TimeProvider clock,
    ILogger<FeatureSnapshotWriter> logger)
{
    /// <summary>The longest blob lease; it renews every third of it while the snapshot is written.</summary>
    private static readonly TimeSpan WriterLeaseDuration = TimeSpan.FromSeconds(60);

    private readonly SnapshotLayout _layout = new(options.Value.Container);

    /// <summary>
    /// Writes the snapshot and returns its manifest. Writing an id that is already complete returns the existing
    /// manifest unchanged, so a retried activity is idempotent.
    /// </summary>
    /// <param name="include">
    /// Which documents belong in the snapshot (e.g. not those of suppressed or erased customers); all when null.
    /// Excluded documents are counted in <see cref="SnapshotManifest.ExcludedCount"/>.
    /// </param>
    public async Task<SnapshotManifest> WriteAsync(
        SnapshotRequest request, Func<CustomerFeatures, bool>? include, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SnapshotLayout.ValidateId(request.SnapshotId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Source);
        var rowGroupSize = options.Value.RowGroupSize;
        if (rowGroupSize <= 0)
        {
            throw new InvalidOperationException($"Snapshots:RowGroupSize must be positive, not {rowGroupSize}.");
        }

        var manifestPath = _layout.Manifest(request.SnapshotId);
        if (await SnapshotManifestReader.ReadAsync(blobs, manifestPath, cancellationToken) is { } existing)
        {
            LogAlreadyComplete(logger, request.SnapshotId);
            return existing;
        }

        // One writer per id: two would overwrite each other's Parquet file under the first one's manifest.
        var lockPath = _layout.WriterLock(request.SnapshotId);
        var lease = await RenewingLease.TryAcquireAsync(blobs, lockPath, WriterLeaseDuration, clock, logger, cancellationToken)
            ?? throw new SnapshotInProgressException(request.SnapshotId);
        SnapshotManifest manifest;
        try
        {
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            try
            {
                manifest = await WriteLockedAsync(request, include, rowGroupSize, writing.Token);
            }
            catch (OperationCanceledException e) when (lease.LostBecause is not null && !cancellationToken.IsCancellationRequested)
            {
                throw new SnapshotInProgressException(request.SnapshotId, e);
            }
        }
        finally
        {
            await lease.DisposeAsync();
        }

        try
        {
            await blobs.DeleteAsync(lockPath, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLockNotDeleted(logger, e, lockPath);
        }

        return manifest;
    }

    private async Task<SnapshotManifest> WriteLockedAsync(
        SnapshotRequest request, Func<CustomerFeatures, bool>? include, int rowGroupSize, CancellationToken cancellationToken)
    {
        var manifestPath = _layout.Manifest(request.SnapshotId);
        if (await SnapshotManifestReader.ReadAsync(blobs, manifestPath, cancellationToken) is { } existing)
        {
            LogAlreadyComplete(logger, request.SnapshotId);
            return existing;
        }

        await using var file = TemporaryFile.Create("segment-snapshot");
        var (rows, excluded, unrepresentable) = await WriteParquetAsync(file, include, rowGroupSize, cancellationToken);

        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var length = file.Length;
        file.Position = 0;
        await blobs.WriteAsync(_layout.Features(request.SnapshotId), file, BlobCondition.None, cancellationToken);

        var manifest = new SnapshotManifest(
            request.SnapshotId, request.AsOf, rows, excluded, CustomerFeatures.CurrentSchemaVersion, hash, length,
            request.Source, clock.GetUtcNow(), unrepresentable);
        try
        {
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, SnapshotJsonContext.Default.SnapshotManifest));
            await blobs.WriteAsync(manifestPath, json, BlobCondition.IfNotExists, cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            // Another writer of the same id finished first; its snapshot is the one readers see.
            LogAlreadyComplete(logger, request.SnapshotId);
            return await SnapshotManifestReader.ReadAsync(blobs, manifestPath, cancellationToken)
                ?? throw new SnapshotCorruptException(request.SnapshotId, "its manifest vanished while being written.");
        }

        LogWritten(logger, request.SnapshotId, rows, excluded, length, hash);
        return manifest;
    }

    private async Task<(long Rows, long Excluded, long Unrepresentable)> WriteParquetAsync(
        Stream file, Func<CustomerFeatures, bool>? include, int rowGroupSize, CancellationToken cancellationToken)
    {
        long rows = 0, excluded = 0, unrepresentable = 0;
        var batch = new List<CustomerFeatures>(Math.Min(rowGroupSize, 4096));
        await using (var writer = await ParquetWriter.CreateAsync(FeatureSnapshotSchema.Schema, file, cancellationToken: cancellationToken))
        {
            await foreach (var document in features.ReadAllAsync(cancellationToken))
            {
                if (include is not null && !include(document))
                {
                    excluded++;
                    continue;
                }

                // The snapshot leaves the ingestion bookkeeping out (see FeatureSnapshotSchema); dropping it here
                // keeps a waiting row group several times smaller.
                document.Processing = new ProcessingState();
                batch.Add(document);
                if (batch.Count == rowGroupSize)
                {
                    (rows, unrepresentable) = Add((rows, unrepresentable), await FlushAsync(writer, batch, cancellationToken));
                }
            }

            if (batch.Count > 0)
            {
                (rows, unrepresentable) = Add((rows, unrepresentable), await FlushAsync(writer, batch, cancellationToken));
            }
        }

        if (unrepresentable > 0)
        {
            LogUnrepresentable(logger, unrepresentable);
        }

        return (rows, excluded, unrepresentable);

        static (long, long) Add((long Rows, long Unrepresentable) sum, (int Rows, int Unrepresentable) flushed) =>
            (sum.Rows + flushed.Rows, sum.Unrepresentable + flushed.Unrepresentable);
    }

    /// <summary>
    /// Writes the batch as a row group, its documents' JSON encoded in parallel, and clears it; returns its rows and
    /// the typed values written as null.
    /// </summary>
    private static async Task<(int Rows, int Unrepresentable)> FlushAsync(ParquetWriter writer, List<CustomerFeatures> batch, CancellationToken cancellationToken)
    {
        var documents = new string[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => documents[i] = JsonSerializer.Serialize(batch[i], FeatureSnapshotSchema.DocumentJson));
        var unrepresentable = await FeatureSnapshotSchema.WriteRowGroupAsync(writer, batch, documents, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return (count, unrepresentable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the writer lock {LockPath} of a complete snapshot; retention removes it")]
    private static partial void LogLockNotDeleted(ILogger logger, Exception exception, string lockPath);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Values} typed snapshot values (revenue, refund amount) do not fit their Parquet decimal and are written as null; the document column keeps them")]
    private static partial void LogUnrepresentable(ILogger logger, long values);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {SnapshotId} is already complete; returning its manifest")]
    private static partial void LogAlreadyComplete(ILogger logger, string snapshotId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Wrote snapshot {SnapshotId}: {Rows} rows, {Excluded} excluded, {Bytes} bytes, sha256 {Sha256}")]
    private static partial void LogWritten(ILogger logger, string snapshotId, long rows, long excluded, long bytes, string sha256);
}
