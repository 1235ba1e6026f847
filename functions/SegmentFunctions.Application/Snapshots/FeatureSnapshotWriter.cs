using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Copies every feature document into an immutable, sharded Parquet snapshot: the store is split once into ranges
/// (<see cref="IFeatureStore.SplitAsync"/>, at most <see cref="SnapshotOptions.Shards"/>, recorded in the snapshot's
/// plan), each range is written as its own shard by its own writer (<see cref="WriteShardAsync"/>, one activity each in
/// a retraining run), and the manifest listing the shards is written last (<see cref="CompleteAsync"/>), which makes
/// the snapshot visible. Documents stream into row groups of <see cref="SnapshotOptions.RowGroupSize"/> rows in a
/// local temporary file, so a writer's memory stays constant in the number of customers; the file is then uploaded
/// and its record written. Documents are stored without their ingestion bookkeeping
/// (<see cref="CustomerFeatures.Processing"/>; see <see cref="FeatureSnapshotSchema"/>), and with
/// <see cref="SnapshotOptions.TrainingRowsTimeUnit"/> set, beside each customer's training row as of the snapshot's
/// time (<see cref="SnapshotRows"/>), computed from the document already in hand. Every step is idempotent:
/// a complete plan, shard or manifest is returned as it is.
/// </summary>
public sealed partial class FeatureSnapshotWriter(
    IFeatureStore features,
    IBlobStore blobs,
    IOptions<SnapshotOptions> options,
    TimeProvider clock,
    ILogger<FeatureSnapshotWriter> logger)
{
    /// <summary>The longest blob lease; it renews every third of it while a shard is written.</summary>
    private static readonly TimeSpan WriterLeaseDuration = TimeSpan.FromSeconds(60);

    private readonly SnapshotLayout _layout = new(options.Value.Container);

    /// <summary>
    /// Writes the whole snapshot in this process (plan, every shard in turn, manifest) and returns its manifest.
    /// Writing an id that is already complete returns the existing manifest unchanged, so a retry is idempotent.
    /// </summary>
    /// <param name="include">
    /// Which documents belong in the snapshot (e.g. not those of suppressed or erased customers); all when null.
    /// Excluded documents are counted in <see cref="SnapshotManifest.ExcludedCount"/>.
    /// </param>
    public async Task<SnapshotManifest> WriteAsync(
        SnapshotRequest request, Func<CustomerFeatures, bool>? include, CancellationToken cancellationToken)
    {
        if (await FindCompleteAsync(request, cancellationToken) is { } existing)
        {
            return existing;
        }

        var plan = await PlanAsync(request, cancellationToken);
        var shards = new List<SnapshotShard>(plan.Ranges.Count);
        for (var shard = 0; shard < plan.Ranges.Count; shard++)
        {
            shards.Add(await WriteShardAsync(plan, shard, include, written: null, cancellationToken));
        }

        return await CompleteAsync(plan, shards, cancellationToken);
    }

    /// <summary>The manifest of the snapshot when it is complete, else null.</summary>
    public async Task<SnapshotManifest?> FindCompleteAsync(SnapshotRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var existing = await SnapshotManifestReader.ReadAsync(blobs, _layout.Manifest(request.SnapshotId), cancellationToken);
        if (existing is not null)
        {
            LogAlreadyComplete(logger, request.SnapshotId);
        }

        return existing;
    }

    /// <summary>
    /// The snapshot's split: the recorded plan if there is one, else the store's ranges now, recorded first-writer-wins
    /// so that all shards of one snapshot, whoever writes them, follow one split.
    /// </summary>
    public async Task<SnapshotPlan> PlanAsync(SnapshotRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var shards = options.Value.Shards;
        if (shards <= 0)
        {
            throw new InvalidOperationException($"Snapshots:Shards must be positive, not {shards}.");
        }

        var path = _layout.Plan(request.SnapshotId);
        if (await ReadJsonAsync(path, SnapshotJsonContext.Default.SnapshotPlan, cancellationToken) is { } recorded)
        {
            return recorded;
        }

        var plan = new SnapshotPlan(request.SnapshotId, request.AsOf, request.Source, await features.SplitAsync(shards, cancellationToken));
        try
        {
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(plan, SnapshotJsonContext.Default.SnapshotPlan));
            await blobs.WriteAsync(path, json, BlobCondition.IfNotExists, cancellationToken);
            return plan;
        }
        catch (BlobConditionFailedException)
        {
            return await ReadJsonAsync(path, SnapshotJsonContext.Default.SnapshotPlan, cancellationToken)
                ?? throw new SnapshotCorruptException(request.SnapshotId, "its plan vanished while being written.");
        }
    }

    /// <summary>The recorded plan of a snapshot, or null before <see cref="PlanAsync"/>.</summary>
    public Task<SnapshotPlan?> FindPlanAsync(string snapshotId, CancellationToken cancellationToken)
    {
        SnapshotLayout.ValidateId(snapshotId);
        return ReadJsonAsync(_layout.Plan(snapshotId), SnapshotJsonContext.Default.SnapshotPlan, cancellationToken);
    }

    /// <summary>
    /// Writes shard <paramref name="shard"/> of the plan from its range of the store and returns its record; a shard
    /// already complete is returned unchanged.
    /// </summary>
    /// <param name="written">
    /// Called with each row group's documents (those <paramref name="include"/> takes) as they are written, so a caller
    /// can count them without reading the shard back; not called for a shard already complete.
    /// </param>
    /// <exception cref="SnapshotInProgressException">Another writer holds the shard.</exception>
    public async Task<SnapshotShard> WriteShardAsync(
        SnapshotPlan plan, int shard, Func<CustomerFeatures, bool>? include, Action<IReadOnlyList<CustomerFeatures>>? written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, plan.Ranges.Count);
        var rowGroupSize = options.Value.RowGroupSize;
        if (rowGroupSize <= 0)
        {
            throw new InvalidOperationException($"Snapshots:RowGroupSize must be positive, not {rowGroupSize}.");
        }

        var recordPath = _layout.ShardRecord(plan.SnapshotId, shard);
        if (await ReadJsonAsync(recordPath, SnapshotJsonContext.Default.SnapshotShard, cancellationToken) is { } done)
        {
            return done;
        }

        // One writer per shard: two would overwrite each other's Parquet file under the first one's record.
        var lockPath = _layout.WriterLock(plan.SnapshotId, shard);
        var lease = await RenewingLease.TryAcquireAsync(blobs, lockPath, WriterLeaseDuration, clock, logger, cancellationToken)
            ?? throw new SnapshotInProgressException(plan.SnapshotId);
        SnapshotShard result;
        try
        {
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            try
            {
                result = await WriteShardLockedAsync(plan, shard, include, written, rowGroupSize, writing.Token);
            }
            catch (OperationCanceledException e) when (lease.LostBecause is not null && !cancellationToken.IsCancellationRequested)
            {
                throw new SnapshotInProgressException(plan.SnapshotId, e);
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

        return result;
    }

    /// <summary>
    /// Writes the manifest of the complete shards, which makes the snapshot visible, and returns it; a snapshot already
    /// complete returns its manifest unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The shards are not those of every range of the plan, in order.</exception>
    public async Task<SnapshotManifest> CompleteAsync(SnapshotPlan plan, IReadOnlyList<SnapshotShard> shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(shards);
        var manifestPath = _layout.Manifest(plan.SnapshotId);
        if (await SnapshotManifestReader.ReadAsync(blobs, manifestPath, cancellationToken) is { } existing)
        {
            LogAlreadyComplete(logger, plan.SnapshotId);
            return existing;
        }

        if (shards.Count != plan.Ranges.Count || shards.Where((s, i) => s.Index != i || s.Range != plan.Ranges[i]).Any())
        {
            throw new ArgumentException($"Snapshot {plan.SnapshotId} needs its {plan.Ranges.Count} shards in order, one per range of its plan.", nameof(shards));
        }

        // Rows are the snapshot's only when every shard has the same; shards written under different settings are read as documents.
        var rows = shards.All(s => Equals(s.Rows, shards[0].Rows)) ? shards[0].Rows : null;
        var manifest = new SnapshotManifest(
            plan.SnapshotId, plan.AsOf, shards.Sum(s => s.RowCount), shards.Sum(s => s.ExcludedCount), CustomerFeatures.CurrentSchemaVersion,
            ContentHash(shards), shards.Sum(s => s.ContentLength), plan.Source, clock.GetUtcNow(), shards.Sum(s => s.UnrepresentableValues), [.. shards],
            rows);
        try
        {
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, SnapshotJsonContext.Default.SnapshotManifest));
            await blobs.WriteAsync(manifestPath, json, BlobCondition.IfNotExists, cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            // Another writer of the same id finished first; its snapshot is the one readers see.
            LogAlreadyComplete(logger, plan.SnapshotId);
            return await SnapshotManifestReader.ReadAsync(blobs, manifestPath, cancellationToken)
                ?? throw new SnapshotCorruptException(plan.SnapshotId, "its manifest vanished while being written.");
        }

        LogWritten(logger, plan.SnapshotId, manifest.RowCount, manifest.ExcludedCount, shards.Count, manifest.ContentLength, manifest.ContentSha256);
        return manifest;
    }

    /// <summary>
    /// <see cref="CompleteAsync(SnapshotPlan, IReadOnlyList{SnapshotShard}, CancellationToken)"/> from the records the
    /// shards' writers left, for a step that runs after them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A shard of the plan is not complete.</exception>
    public async Task<SnapshotManifest> CompleteAsync(SnapshotPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (await SnapshotManifestReader.ReadAsync(blobs, _layout.Manifest(plan.SnapshotId), cancellationToken) is { } existing)
        {
            return existing;
        }

        var shards = new List<SnapshotShard>(plan.Ranges.Count);
        for (var shard = 0; shard < plan.Ranges.Count; shard++)
        {
            shards.Add(await ReadJsonAsync(_layout.ShardRecord(plan.SnapshotId, shard), SnapshotJsonContext.Default.SnapshotShard, cancellationToken)
                ?? throw new InvalidOperationException($"Shard {shard} of snapshot {plan.SnapshotId} is not written yet."));
        }

        return await CompleteAsync(plan, shards, cancellationToken);
    }

    /// <summary>The content hash of a sharded snapshot: SHA-256 of its shards' hashes, one per line in shard order.</summary>
    public static string ContentHash(IReadOnlyList<SnapshotShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', shards.Select(s => s.ContentSha256)))));
    }

    private static void Validate(SnapshotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SnapshotLayout.ValidateId(request.SnapshotId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Source);
    }

    private async Task<T?> ReadJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        await using var download = await blobs.OpenReadAsync(path, cancellationToken);
        return download is null ? null : await JsonSerializer.DeserializeAsync(download.Content, type, cancellationToken);
    }

    private async Task<SnapshotShard> WriteShardLockedAsync(
        SnapshotPlan plan, int shard, Func<CustomerFeatures, bool>? include, Action<IReadOnlyList<CustomerFeatures>>? written, int rowGroupSize,
        CancellationToken cancellationToken)
    {
        var recordPath = _layout.ShardRecord(plan.SnapshotId, shard);
        if (await ReadJsonAsync(recordPath, SnapshotJsonContext.Default.SnapshotShard, cancellationToken) is { } done)
        {
            return done;
        }

        await using var file = TemporaryFile.Create("segment-snapshot");
        var unit = options.Value.TrainingRowsTimeUnit;
        var (rows, excluded, unrepresentable) = await WriteParquetAsync(
            file, features.ReadRangeAsync(plan.Ranges[shard], cancellationToken), include, written, rowGroupSize, plan.AsOf, unit, cancellationToken);

        if (unrepresentable > 0)
        {
            LogUnrepresentable(logger, unrepresentable);
        }

        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var length = file.Length;
        file.Position = 0;
        await blobs.WriteAsync(_layout.Shard(plan.SnapshotId, shard), file, BlobCondition.None, cancellationToken);

        var record = new SnapshotShard(
            shard, plan.Ranges[shard], rows, excluded, hash, length, unrepresentable, unit is { } u ? SnapshotRows.Current(u) : null);
        try
        {
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, SnapshotJsonContext.Default.SnapshotShard));
            await blobs.WriteAsync(recordPath, json, BlobCondition.IfNotExists, cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            return await ReadJsonAsync(recordPath, SnapshotJsonContext.Default.SnapshotShard, cancellationToken)
                ?? throw new SnapshotCorruptException(plan.SnapshotId, $"the record of shard {shard} vanished while being written.");
        }

        LogShardWritten(logger, plan.SnapshotId, shard, rows, excluded, length);
        return record;
    }

    /// <param name="unit">The training rows' time unit; null: no rows.</param>
    private static async Task<(long Rows, long Excluded, long Unrepresentable)> WriteParquetAsync(
        Stream file, IAsyncEnumerable<CustomerFeatures> documents, Func<CustomerFeatures, bool>? include, Action<IReadOnlyList<CustomerFeatures>>? written,
        int rowGroupSize, DateTimeOffset asOf, LifetimeTimeUnit? unit, CancellationToken cancellationToken)
    {
        long rows = 0, excluded = 0, unrepresentable = 0;
        var batch = new List<CustomerFeatures>(Math.Min(rowGroupSize, 4096));
        var trainingRows = unit is null ? null : new SnapshotRowColumns(rowGroupSize);
        var schema = unit is null ? FeatureSnapshotSchema.Schema : FeatureSnapshotSchema.SchemaWithRows;
        await using (var writer = await ParquetWriter.CreateAsync(schema, file, cancellationToken: cancellationToken))
        {
            await foreach (var document in documents.WithCancellation(cancellationToken))
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
                    written?.Invoke(batch);
                    (rows, unrepresentable) = Add((rows, unrepresentable), await FlushAsync(writer, batch, asOf, unit, trainingRows, cancellationToken));
                }
            }

            if (batch.Count > 0)
            {
                written?.Invoke(batch);
                (rows, unrepresentable) = Add((rows, unrepresentable), await FlushAsync(writer, batch, asOf, unit, trainingRows, cancellationToken));
            }
        }

        return (rows, excluded, unrepresentable);

        static (long, long) Add((long Rows, long Unrepresentable) sum, (int Rows, int Unrepresentable) flushed) =>
            (sum.Rows + flushed.Rows, sum.Unrepresentable + flushed.Unrepresentable);
    }

    /// <summary>
    /// Writes the batch as a row group, its documents' JSON encoded (and their training rows computed) in parallel,
    /// and clears it; returns its rows and the typed values written as null.
    /// </summary>
    private static async Task<(int Rows, int Unrepresentable)> FlushAsync(
        ParquetWriter writer, List<CustomerFeatures> batch, DateTimeOffset asOf, LifetimeTimeUnit? unit, SnapshotRowColumns? rows,
        CancellationToken cancellationToken)
    {
        var documents = new string[batch.Count];
        var width = TrainingRowFeaturizer.Width;
        Parallel.For(
            0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => (Row: new double[width], Imputed: new bool[width]),
            (i, _, scratch) =>
            {
                documents[i] = JsonSerializer.Serialize(batch[i], FeatureSnapshotSchema.DocumentJson);
                rows?.Set(i, batch[i], asOf, unit.GetValueOrDefault(), scratch.Row, scratch.Imputed);
                return scratch;
            },
            _ => { });
        var unrepresentable = await FeatureSnapshotSchema.WriteRowGroupAsync(writer, batch, documents, rows, cancellationToken);
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
        Message = "Wrote snapshot {SnapshotId}: {Rows} rows, {Excluded} excluded, {Shards} shards, {Bytes} bytes, sha256 {Sha256}")]
    private static partial void LogWritten(ILogger logger, string snapshotId, long rows, long excluded, int shards, long bytes, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote shard {Shard} of snapshot {SnapshotId}: {Rows} rows, {Excluded} excluded, {Bytes} bytes")]
    private static partial void LogShardWritten(ILogger logger, string snapshotId, int shard, long rows, long excluded, long bytes);
}
