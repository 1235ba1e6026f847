using System.Runtime.CompilerServices;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Blobs as files under a root folder: "container/a/b" is root/container/a/b. Content is written to a temp file and
/// renamed into place, so readers see the old or the new version, never a torn one. The ETag of each blob lives in
/// root/.meta, its lease in root/.leases, and a per-container lock (root/.locks) makes the condition check, the rename
/// and the ETag update one step for every thread and process sharing the folder.
/// </summary>
/// <remarks>
/// Unlike Azure, a write does not need the lease: leases here serve as distributed locks, as the port uses them.
/// A blob "a" and a blob "a/b" cannot coexist (a file cannot also be a folder).
/// </remarks>
public sealed class LocalFolderBlobStore : IBlobStore
{
    private static readonly TimeSpan MinLease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly FolderLock _locks;

    public LocalFolderBlobStore(string rootDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        _time = timeProvider ?? TimeProvider.System;
        _locks = new FolderLock(Path.Combine(_root, ".locks"));
        Directory.CreateDirectory(_root);
    }

    public async Task<BlobDownload?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var blob = BlobPath.Parse(path);
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        var content = ContentPath(blob);
        if (!File.Exists(content))
        {
            return null;
        }

        var etag = await ReadOrCreateETagAsync(blob, cancellationToken).ConfigureAwait(false);
        // Open while holding the lock: the handle keeps reading this version even if a writer renames a new one in.
        var stream = new FileStream(content, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 81920, useAsync: true);
        return new BlobDownload(stream, etag);
    }

    public async Task<string> WriteAsync(string path, Stream content, BlobCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = BlobPath.Parse(path);
        var temp = TempPath();
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
            var target = ContentPath(blob);
            var exists = File.Exists(target);
            var holds = condition.Kind switch
            {
                BlobConditionKind.None => true,
                BlobConditionKind.IfNotExists => !exists,
                BlobConditionKind.IfMatch => exists
                    && string.Equals(await ReadOrCreateETagAsync(blob, cancellationToken).ConfigureAwait(false), condition.ETag, StringComparison.Ordinal),
                _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown blob condition."),
            };
            if (!holds)
            {
                throw new BlobConditionFailedException(path);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
            return await WriteNewETagAsync(blob, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        var blob = BlobPath.Parse(path);
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        return await ReadPropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (container, namePrefix) = BlobPath.ParsePrefix(prefix);
        var containerDirectory = Path.Combine(_root, container);
        if (!Directory.Exists(containerDirectory))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(containerDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(containerDirectory, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => name.StartsWith(namePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            var properties = await GetPropertiesAsync($"{container}/{name}", cancellationToken).ConfigureAwait(false);
            if (properties is not null)
            {
                yield return properties;
            }
        }
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var blob = BlobPath.Parse(path);
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        var content = ContentPath(blob);
        if (!File.Exists(content))
        {
            return false;
        }

        File.Delete(content);
        DeleteIfPresent(MetaPath(blob));
        DeleteIfPresent(LeasePath(blob));
        return true;
    }

    public async Task<IBlobLease?> TryAcquireLeaseAsync(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        ValidateLeaseDuration(duration);
        var blob = BlobPath.Parse(path);
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        var content = ContentPath(blob);
        if (!File.Exists(content))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(content)!);
            await File.WriteAllBytesAsync(content, [], cancellationToken).ConfigureAwait(false);
            await WriteNewETagAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadLeaseAsync(blob, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.ExpiresAt > _time.GetUtcNow())
        {
            return null;
        }

        var lease = new LeaseRecord(Guid.NewGuid().ToString(), _time.GetUtcNow() + duration);
        await WriteLeaseAsync(blob, lease, cancellationToken).ConfigureAwait(false);
        return new LocalFolderBlobLease(this, blob, lease.LeaseId, duration);
    }

    internal async Task RenewLeaseAsync(BlobPath blob, string leaseId, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        var current = await ReadLeaseAsync(blob, cancellationToken).ConfigureAwait(false);
        if (current is null || !string.Equals(current.LeaseId, leaseId, StringComparison.Ordinal))
        {
            throw new LeaseLostException(blob.ToString());
        }

        await WriteLeaseAsync(blob, current with { ExpiresAt = _time.GetUtcNow() + duration }, cancellationToken).ConfigureAwait(false);
    }

    internal async Task ReleaseLeaseAsync(BlobPath blob, string leaseId, CancellationToken cancellationToken)
    {
        await using var held = await _locks.AcquireAsync(blob.Container, cancellationToken).ConfigureAwait(false);
        var current = await ReadLeaseAsync(blob, cancellationToken).ConfigureAwait(false);
        if (current is not null && string.Equals(current.LeaseId, leaseId, StringComparison.Ordinal))
        {
            File.Delete(LeasePath(blob));
        }
    }

    internal static void ValidateLeaseDuration(TimeSpan duration)
    {
        if (duration < MinLease || duration > MaxLease)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 seconds.");
        }
    }

    private async Task<BlobProperties?> ReadPropertiesAsync(BlobPath blob, CancellationToken cancellationToken)
    {
        var info = new FileInfo(ContentPath(blob));
        if (!info.Exists)
        {
            return null;
        }

        var etag = await ReadOrCreateETagAsync(blob, cancellationToken).ConfigureAwait(false);
        return new BlobProperties(blob.ToString(), info.Length, etag, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
    }

    /// <summary>Called under the container lock; a file placed by hand gets an ETag on first sight.</summary>
    private async Task<string> ReadOrCreateETagAsync(BlobPath blob, CancellationToken cancellationToken)
    {
        var meta = MetaPath(blob);
        return File.Exists(meta)
            ? await File.ReadAllTextAsync(meta, cancellationToken).ConfigureAwait(false)
            : await WriteNewETagAsync(blob, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> WriteNewETagAsync(BlobPath blob, CancellationToken cancellationToken)
    {
        var etag = $"\"{Guid.NewGuid():N}\"";
        await WriteAtomicAsync(MetaPath(blob), etag, cancellationToken).ConfigureAwait(false);
        return etag;
    }

    private async Task<LeaseRecord?> ReadLeaseAsync(BlobPath blob, CancellationToken cancellationToken)
    {
        var path = LeasePath(blob);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, StorageJsonContext.Default.LeaseRecord, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteLeaseAsync(BlobPath blob, LeaseRecord lease, CancellationToken cancellationToken) =>
        WriteAtomicAsync(LeasePath(blob), JsonSerializer.Serialize(lease, StorageJsonContext.Default.LeaseRecord), cancellationToken);

    private async Task WriteAtomicAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temp = TempPath();
        try
        {
            await File.WriteAllTextAsync(temp, text, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>File.Delete tolerates a missing file but not a missing folder.</summary>
    private static void DeleteIfPresent(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string TempPath()
    {
        var directory = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, Guid.NewGuid().ToString("N"));
    }

    private string ContentPath(BlobPath blob) => Path.Combine(_root, blob.Container, Local(blob.Name));
    private string MetaPath(BlobPath blob) => Path.Combine(_root, ".meta", blob.Container, Local(blob.Name) + ".etag");
    private string LeasePath(BlobPath blob) => Path.Combine(_root, ".leases", blob.Container, Local(blob.Name) + ".lease");
    private static string Local(string name) => name.Replace('/', Path.DirectorySeparatorChar);
}
