using System.Text.Json;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Snapshots;

internal static class SnapshotManifestReader
{
    /// <summary>The manifest at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="JsonException">The blob is not a manifest.</exception>
    public static async Task<SnapshotManifest?> ReadAsync(IBlobStore blobs, string path, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(path, cancellationToken);
        if (download is null)
        {
            return null;
        }

        return await JsonSerializer.DeserializeAsync(download.Content, SnapshotJsonContext.Default.SnapshotManifest, cancellationToken)
            ?? throw new JsonException($"Manifest '{path}' is null.");
    }
}
