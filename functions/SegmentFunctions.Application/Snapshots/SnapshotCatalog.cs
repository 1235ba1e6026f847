using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The complete snapshots of the container (those with a manifest; a folder without one is an unfinished write and
/// is ignored), lookup by time, and retention.
/// </summary>
public sealed partial class SnapshotCatalog(
    IBlobStore blobs,
    IOptions<SnapshotOptions> options,
    TimeProvider clock,
    ILogger<SnapshotCatalog> logger)
{
    private readonly SnapshotLayout _layout = new(options.Value.Container);

    /// <summary>Manifests of the complete snapshots, newest as-of time first.</summary>
    public async Task<IReadOnlyList<SnapshotManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var folders = await ListFoldersAsync(cancellationToken);
        var manifests = new List<SnapshotManifest>();
        foreach (var folder in folders.Values.Where(f => f.HasManifest))
        {
            if (await TryReadManifestAsync(folder.SnapshotId, cancellationToken) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }

        return [.. SnapshotRetentionPolicy.NewestFirst(manifests)];
    }

    /// <summary>
    /// The complete snapshot whose as-of time is nearest to <paramref name="time"/> and at most
    /// <paramref name="maxDistance"/> away (the earlier one on a tie, so labels never look ahead); null when none is.
    /// Churn labels at T use the features as of T − H: call this with T − H.
    /// </summary>
    public async Task<SnapshotManifest?> FindNearestAsync(DateTimeOffset time, TimeSpan maxDistance, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDistance, TimeSpan.Zero);
        return (await ListAsync(cancellationToken))
            .Where(s => (s.AsOf - time).Duration() <= maxDistance)
            .OrderBy(s => (s.AsOf - time).Duration())
            .ThenBy(s => s.AsOf)
            .FirstOrDefault();
    }

    /// <summary>
    /// Deletes the complete snapshots outside retention (<see cref="SnapshotOptions.KeepNewest"/>,
    /// <see cref="SnapshotOptions.MaxAge"/>) and incomplete folders older than
    /// <see cref="SnapshotOptions.IncompleteGracePeriod"/>.
    /// </summary>
    public async Task<SnapshotRetentionResult> ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var folders = await ListFoldersAsync(cancellationToken);
        var complete = new List<SnapshotManifest>();
        var incomplete = new List<string>();
        foreach (var folder in folders.Values)
        {
            var manifest = folder.HasManifest ? await TryReadManifestAsync(folder.SnapshotId, cancellationToken) : null;
            if (manifest is not null)
            {
                complete.Add(manifest);
            }
            else if (now - folder.LastModified > settings.IncompleteGracePeriod)
            {
                incomplete.Add(folder.SnapshotId);
            }
        }

        var doomed = SnapshotRetentionPolicy.SelectForDeletion(complete, now, settings.KeepNewest, settings.MaxAge);
        foreach (var snapshot in doomed)
        {
            await DeleteAsync(snapshot.SnapshotId, cancellationToken);
        }

        foreach (var snapshotId in incomplete)
        {
            await DeleteAsync(snapshotId, cancellationToken);
        }

        var deleted = doomed.Select(s => s.SnapshotId).ToHashSet(StringComparer.Ordinal);
        var kept = SnapshotRetentionPolicy.NewestFirst(complete).Select(s => s.SnapshotId).Where(id => !deleted.Contains(id)).ToList();
        LogRetention(logger, kept.Count, deleted.Count, incomplete.Count);
        return new SnapshotRetentionResult(kept, [.. doomed.Select(s => s.SnapshotId)], incomplete);
    }

    /// <summary>
    /// Deletes a snapshot, manifest first so that a deletion cut short leaves an incomplete (ignored) folder rather
    /// than a manifest without content. False when nothing was there.
    /// </summary>
    public async Task<bool> DeleteAsync(string snapshotId, CancellationToken cancellationToken)
    {
        SnapshotLayout.ValidateId(snapshotId);
        var any = await blobs.DeleteAsync(_layout.Manifest(snapshotId), cancellationToken);
        var rest = new List<string>();
        await foreach (var blob in blobs.ListAsync(_layout.Folder(snapshotId), cancellationToken))
        {
            rest.Add(blob.Path);
        }

        foreach (var path in rest)
        {
            any |= await blobs.DeleteAsync(path, cancellationToken);
        }

        if (any)
        {
            LogDeleted(logger, snapshotId);
        }

        return any;
    }

    private async Task<Dictionary<string, SnapshotFolder>> ListFoldersAsync(CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, SnapshotFolder>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAsync(_layout.Root, cancellationToken))
        {
            if (_layout.SnapshotIdOf(blob.Path) is not { } snapshotId)
            {
                continue;
            }

            var isManifest = string.Equals(blob.Path, _layout.Manifest(snapshotId), StringComparison.Ordinal);
            folders[snapshotId] = folders.TryGetValue(snapshotId, out var folder)
                ? folder with
                {
                    HasManifest = folder.HasManifest || isManifest,
                    LastModified = blob.LastModified > folder.LastModified ? blob.LastModified : folder.LastModified,
                }
                : new SnapshotFolder(snapshotId, isManifest, blob.LastModified);
        }

        return folders;
    }

    private async Task<SnapshotManifest?> TryReadManifestAsync(string snapshotId, CancellationToken cancellationToken)
    {
        try
        {
            return await SnapshotManifestReader.ReadAsync(blobs, _layout.Manifest(snapshotId), cancellationToken);
        }
        catch (JsonException e)
        {
            LogUnreadableManifest(logger, e, snapshotId);
            return null;
        }
    }

    private sealed record SnapshotFolder(string SnapshotId, bool HasManifest, DateTimeOffset LastModified);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {SnapshotId} has an unreadable manifest; it is treated as incomplete")]
    private static partial void LogUnreadableManifest(ILogger logger, Exception exception, string snapshotId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted snapshot {SnapshotId}")]
    private static partial void LogDeleted(ILogger logger, string snapshotId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Snapshot retention: kept {Kept}, deleted {Deleted} complete and {Incomplete} incomplete snapshots")]
    private static partial void LogRetention(ILogger logger, int kept, int deleted, int incomplete);
}
