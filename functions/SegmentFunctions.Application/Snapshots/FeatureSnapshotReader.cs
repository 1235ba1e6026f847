using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Reads a complete snapshot back as feature documents, one Parquet row group's JSON in memory at a time, each
/// document decoded only when the caller asks for it; or, for a caller that needs only each customer's training row
/// (<see cref="SnapshotRowFeaturizer"/>), the rows the snapshot stores, when they are the ones it would compute,
/// without reading the documents at all (their JSON is most of a read's cost). The Parquet file
/// is downloaded to a local temporary file (Parquet needs to seek) while its SHA-256 is computed, and nothing is
/// yielded unless hash and length match the manifest.
/// </summary>
public sealed class FeatureSnapshotReader(IBlobStore blobs, IOptions<SnapshotOptions> options)
{
    private readonly SnapshotLayout _layout = new(options.Value.Container);

    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest.</exception>
    public async Task<SnapshotManifest> ReadManifestAsync(string snapshotId, CancellationToken cancellationToken)
    {
        SnapshotLayout.ValidateId(snapshotId);
        try
        {
            return await SnapshotManifestReader.ReadAsync(blobs, _layout.Manifest(snapshotId), cancellationToken)
                ?? throw new SnapshotNotFoundException(snapshotId);
        }
        catch (JsonException e)
        {
            throw new SnapshotCorruptException(snapshotId, "manifest.json is not a valid manifest.", e);
        }
    }

    /// <summary>Every document of the snapshot, in the order written.</summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotSchemaException">The documents have a newer schema than this code.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be decoded.</exception>
    public async IAsyncEnumerable<CustomerFeatures> ReadAsync(string snapshotId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var group in ReadRowGroupsAsync(snapshotId, cancellationToken))
        {
            for (var i = 0; i < group.Count; i++)
            {
                // Decoded one at a time and released as yielded, so a group's documents are never all alive.
                yield return group.Take(i);
            }
        }
    }

    /// <summary>
    /// The snapshot's row groups, shard after shard, each in the order written and holding its documents' JSON
    /// undecoded, so a caller can decode (and use) them in parallel with <see cref="SnapshotRowGroup.Decode"/>. Each
    /// shard's row count is checked against the manifest after its last group.
    /// </summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotSchemaException">The documents have a newer schema than this code.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be read.</exception>
    public IAsyncEnumerable<SnapshotRowGroup> ReadRowGroupsAsync(string snapshotId, CancellationToken cancellationToken) =>
        ReadRowGroupsAsync(snapshotId, trainingRowsIn: null, cancellationToken);

    /// <summary>
    /// The snapshot's row groups for a caller that needs each customer's id, schema version and training row as of the
    /// snapshot's time in <paramref name="trainingRowsIn"/> (<see cref="SnapshotRowFeaturizer"/>): the rows the
    /// snapshot stores, without its documents, when they are those (<see cref="SnapshotRows.Current"/>); else, as
    /// <see cref="ReadRowGroupsAsync(string, CancellationToken)"/>, the documents to featurize.
    /// </summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotSchemaException">The documents have a newer schema than this code.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be read.</exception>
    public async IAsyncEnumerable<SnapshotRowGroup> ReadRowGroupsAsync(
        string snapshotId, LifetimeTimeUnit? trainingRowsIn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await ReadCheckedManifestAsync(snapshotId, cancellationToken);
        foreach (var shard in ShardsOf(manifest))
        {
            await foreach (var group in ReadShardAsync(manifest, shard, trainingRowsIn, cancellationToken))
            {
                yield return group;
            }
        }
    }

    /// <summary>The row groups of one shard of the snapshot (<see cref="SnapshotManifest.Shards"/>), for a reader of that shard alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The snapshot has no such shard.</exception>
    public IAsyncEnumerable<SnapshotRowGroup> ReadShardRowGroupsAsync(string snapshotId, int shard, CancellationToken cancellationToken) =>
        ReadShardRowGroupsAsync(snapshotId, shard, trainingRowsIn: null, cancellationToken);

    /// <summary>
    /// The row groups of one shard of the snapshot for a caller that needs training rows in
    /// <paramref name="trainingRowsIn"/>, the stored ones when they are those
    /// (<see cref="ReadRowGroupsAsync(string, LifetimeTimeUnit?, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The snapshot has no such shard.</exception>
    public async IAsyncEnumerable<SnapshotRowGroup> ReadShardRowGroupsAsync(
        string snapshotId, int shard, LifetimeTimeUnit? trainingRowsIn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await ReadCheckedManifestAsync(snapshotId, cancellationToken);
        var shards = ShardsOf(manifest);
        if (shard < 0 || shard >= shards.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"Snapshot {snapshotId} has {shards.Count} shard(s).");
        }

        await foreach (var group in ReadShardAsync(manifest, shards[shard], trainingRowsIn, cancellationToken))
        {
            yield return group;
        }
    }

    /// <summary>The shards of a manifest; one written before sharding has one, its features.parquet.</summary>
    public static IReadOnlyList<SnapshotShard> ShardsOf(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Shards
            ?? [new SnapshotShard(0, Ports.IFeatureStore.WholeStore, manifest.RowCount, manifest.ExcludedCount, manifest.ContentSha256, manifest.ContentLength, manifest.UnrepresentableValues)];
    }

    private async Task<SnapshotManifest> ReadCheckedManifestAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var manifest = await ReadManifestAsync(snapshotId, cancellationToken);
        if (manifest.FeatureSchemaVersion > CustomerFeatures.CurrentSchemaVersion)
        {
            throw new SnapshotSchemaException(snapshotId, manifest.FeatureSchemaVersion);
        }

        if (manifest.Shards is { } shards && (shards.Where((s, i) => s.Index != i).Any()
            || shards.Sum(s => s.RowCount) != manifest.RowCount || FeatureSnapshotWriter.ContentHash(shards) != manifest.ContentSha256))
        {
            throw new SnapshotCorruptException(snapshotId, "the manifest's shards do not add up to its row count and content hash.");
        }

        return manifest;
    }

    /// <param name="trainingRowsIn">The unit of the training rows the caller needs, if it needs only those.</param>
    private async IAsyncEnumerable<SnapshotRowGroup> ReadShardAsync(
        SnapshotManifest manifest, SnapshotShard shard, LifetimeTimeUnit? trainingRowsIn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var storedRows = trainingRowsIn is { } unit && manifest.Rows is { } rows && rows.Equals(SnapshotRows.Current(unit));
        var path = manifest.Shards is null ? _layout.Features(manifest.SnapshotId) : _layout.Shard(manifest.SnapshotId, shard.Index);
        var name = path[(path.LastIndexOf('/') + 1)..];
        await using var file = await VerifiedDownload.OpenAsync(
            blobs, path, shard.ContentSha256, shard.ContentLength,
            reason => new SnapshotCorruptException(manifest.SnapshotId, reason), cancellationToken);

        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SnapshotCorruptException(manifest.SnapshotId, $"{name} is not a readable Parquet file.", e);
        }

        long count = 0;
        await using (reader)
        {
            if (storedRows && !HasRowColumns(reader))
            {
                throw new SnapshotCorruptException(manifest.SnapshotId, $"the manifest lists training rows but {name} has no columns for them.");
            }

            // Stored rows are read into one set of columns for the whole shard: a group's 24 columns of 10,000
            // nullable values are large objects, which only a full collection frees, so fresh ones per group grew the
            // heap by gigabytes over a 10M-customer read before it was collected.
            var buffer = storedRows ? new SnapshotRowColumns(0) : null;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = await ReadRowGroupAsync(manifest, reader, g, buffer, cancellationToken);
                count += group.Count;
                yield return group;
            }
        }

        if (count != shard.RowCount)
        {
            throw new SnapshotCorruptException(manifest.SnapshotId, $"the manifest counts {shard.RowCount} rows in {name} but the file holds {count}.");
        }
    }

    private static bool HasRowColumns(ParquetReader reader)
    {
        var names = reader.Schema.GetDataFields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return names.Contains(FeatureSnapshotSchema.RowStatus.Name) && FeatureSnapshotSchema.RowValues.All(c => names.Contains(c.Name));
    }

    /// <summary>
    /// A row group's ids and schema versions, and either its documents' JSON or, with <paramref name="rows"/>, its
    /// stored training rows, read into those columns (grown when the group is larger).
    /// </summary>
    private static async Task<SnapshotRowGroup> ReadRowGroupAsync(
        SnapshotManifest manifest, ParquetReader reader, int index, SnapshotRowColumns? rows, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var count = checked((int)group.RowCount);
        var ids = new string?[count];
        var schemaVersions = new int[count];
        await group.ReadAsync(FeatureSnapshotSchema.CustomerId, ids.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(FeatureSnapshotSchema.SchemaVersion, schemaVersions.AsMemory(), cancellationToken: cancellationToken);
        if (rows is null)
        {
            var json = new string?[count];
            await group.ReadAsync(FeatureSnapshotSchema.Document, json.AsMemory(), cancellationToken: cancellationToken);
            return new SnapshotRowGroup(manifest, index, ids, schemaVersions, json, rows: null);
        }

        rows.EnsureCapacity(count);
        await group.ReadAsync(FeatureSnapshotSchema.RowStatus, rows.Status.AsMemory(0, count), cancellationToken: cancellationToken);
        for (var j = 0; j < rows.Values.Length; j++)
        {
            await group.ReadAsync(FeatureSnapshotSchema.RowValues[j], rows.Values[j].AsMemory(0, count), cancellationToken: cancellationToken);
        }

        return new SnapshotRowGroup(manifest, index, ids, schemaVersions, json: null, rows);
    }
}
