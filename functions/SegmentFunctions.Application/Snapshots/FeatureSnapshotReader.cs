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
/// document decoded only when the caller asks for it. The Parquet file
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
    /// The snapshot's row groups for a caller that needs each customer's id, schema version and training row as of the
    /// snapshot's time in <paramref name="trainingRowsIn"/> (<see cref="SnapshotRowFeaturizer"/>), which featurizes
    /// their documents.
    /// </summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotSchemaException">The documents have a newer schema than this code.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be read.</exception>
    public IAsyncEnumerable<SnapshotRowGroup> ReadRowGroupsAsync(string snapshotId, LifetimeTimeUnit? trainingRowsIn, CancellationToken cancellationToken) =>
        ReadRowGroupsAsync(snapshotId, cancellationToken);

    /// <summary>
    /// The snapshot's row groups, shard after shard, each in the order written and holding its documents' JSON
    /// undecoded, so a caller can decode (and use) them in parallel with <see cref="SnapshotRowGroup.Decode"/>. Each
    /// shard's row count is checked against the manifest after its last group.
    /// </summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotSchemaException">The documents have a newer schema than this code.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be read.</exception>
    public async IAsyncEnumerable<SnapshotRowGroup> ReadRowGroupsAsync(string snapshotId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await ReadCheckedManifestAsync(snapshotId, cancellationToken);
        foreach (var shard in ShardsOf(manifest))
        {
            await foreach (var group in ReadShardAsync(manifest, shard, cancellationToken))
            {
                yield return group;
            }
        }
    }

    /// <summary>The row groups of one shard of the snapshot (<see cref="SnapshotManifest.Shards"/>), for a reader of that shard alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The snapshot has no such shard.</exception>
    public async IAsyncEnumerable<SnapshotRowGroup> ReadShardRowGroupsAsync(
        string snapshotId, int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = await ReadCheckedManifestAsync(snapshotId, cancellationToken);
        var shards = ShardsOf(manifest);
        if (shard < 0 || shard >= shards.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"Snapshot {snapshotId} has {shards.Count} shard(s).");
        }

        await foreach (var group in ReadShardAsync(manifest, shards[shard], cancellationToken))
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

    private async IAsyncEnumerable<SnapshotRowGroup> ReadShardAsync(
        SnapshotManifest manifest, SnapshotShard shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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

        long rows = 0;
        await using (reader)
        {
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var (ids, json) = await ReadRowGroupAsync(reader, g, cancellationToken);
                rows += ids.Length;
                yield return new SnapshotRowGroup(manifest, g, ids, json);
            }
        }

        if (rows != shard.RowCount)
        {
            throw new SnapshotCorruptException(manifest.SnapshotId, $"the manifest counts {shard.RowCount} rows in {name} but the file holds {rows}.");
        }
    }

    private static async Task<(string?[] Ids, string?[] Json)> ReadRowGroupAsync(
        ParquetReader reader, int index, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var count = checked((int)group.RowCount);
        var ids = new string?[count];
        var json = new string?[count];
        await group.ReadAsync(FeatureSnapshotSchema.CustomerId, ids.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(FeatureSnapshotSchema.Document, json.AsMemory(), cancellationToken: cancellationToken);
        return (ids, json);
    }
}
