namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Blob layout of snapshots in one container: in <c>{container}/{snapshotId}/</c>, the split <c>plan.json</c>, per shard
/// i its documents <c>shard-{i:D5}.parquet</c> and, once that is complete, its record <c>shard-{i:D5}.json</c>, and,
/// written last, <c>manifest.json</c>; while shard i is being written, also <c>shard-{i:D5}.lock</c>. Snapshots written
/// before sharding hold one <c>features.parquet</c> instead of the shards.
/// </summary>
public sealed class SnapshotLayout(string container)
{
    public const string ManifestFileName = "manifest.json";
    public const string FeaturesFileName = "features.parquet";

    public string Root { get; } = $"{container}/";

    public string Folder(string snapshotId) => $"{Root}{snapshotId}/";

    public string Features(string snapshotId) => $"{Folder(snapshotId)}{FeaturesFileName}";

    public string Manifest(string snapshotId) => $"{Folder(snapshotId)}{ManifestFileName}";

    public string Plan(string snapshotId) => $"{Folder(snapshotId)}plan.json";

    public string Shard(string snapshotId, int shard) => $"{Folder(snapshotId)}shard-{shard:D5}.parquet";

    /// <summary>The record of a complete shard (<see cref="SnapshotShard"/>), written after its file.</summary>
    public string ShardRecord(string snapshotId, int shard) => $"{Folder(snapshotId)}shard-{shard:D5}.json";

    /// <summary>The lease blob held by the one writer of a shard; deleted once the shard is complete.</summary>
    public string WriterLock(string snapshotId, int shard) => $"{Folder(snapshotId)}shard-{shard:D5}.lock";

    /// <summary>The snapshot id of any blob inside a snapshot folder, else null.</summary>
    public string? SnapshotIdOf(string path)
    {
        if (!path.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.IndexOf('/', Root.Length);
        return slash > Root.Length ? path[Root.Length..slash] : null;
    }

    /// <summary>Time-ordered ids ("s20261122-153000-" plus 6 hex digits), so a listing reads oldest first.</summary>
    public static string NewSnapshotId(DateTimeOffset asOf) => $"s{asOf.UtcDateTime:yyyyMMdd'-'HHmmss}-{Guid.NewGuid():N}"[..23];

    public static void ValidateId(string snapshotId)
    {
        if (string.IsNullOrEmpty(snapshotId) || snapshotId.Length > 64
            || !snapshotId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"Snapshot id '{snapshotId}' must be 1-64 lowercase letters, digits, '-' or '_' (it names a blob folder).",
                nameof(snapshotId));
        }
    }
}
