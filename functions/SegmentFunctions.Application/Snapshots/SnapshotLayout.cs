namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Blob layout of snapshots in one container: <c>{container}/{snapshotId}/features.parquet</c> and, written last,
/// <c>{container}/{snapshotId}/manifest.json</c>; while being written, also <c>{container}/{snapshotId}/writer.lock</c>.
/// </summary>
public sealed class SnapshotLayout(string container)
{
    public const string ManifestFileName = "manifest.json";
    public const string FeaturesFileName = "features.parquet";

    public string Root { get; } = $"{container}/";

    public string Folder(string snapshotId) => $"{Root}{snapshotId}/";

    public string Features(string snapshotId) => $"{Folder(snapshotId)}{FeaturesFileName}";

    public string Manifest(string snapshotId) => $"{Folder(snapshotId)}{ManifestFileName}";

    /// <summary>The lease blob held by the one writer of a snapshot; deleted once the snapshot is complete.</summary>
    public string WriterLock(string snapshotId) => $"{Folder(snapshotId)}writer.lock";

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
