using System.Security.Cryptography;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Files;

/// <summary>
/// Downloads a blob to a local temporary file (Parquet needs to seek) while computing its SHA-256, and hands the file
/// over only when length and hash match what its manifest recorded. Snapshots and batch scores both read this way.
/// </summary>
internal static class VerifiedDownload
{
    /// <param name="corrupt">Builds the caller's exception from the reason the blob is missing or does not match.</param>
    public static async Task<FileStream> OpenAsync(
        IBlobStore blobs, string path, string sha256, long length, Func<string, Exception> corrupt, CancellationToken cancellationToken)
    {
        var file = TemporaryFile.Create("segment-download");
        try
        {
            await using (var download = await blobs.OpenReadAsync(path, cancellationToken)
                ?? throw corrupt($"the manifest exists but {path} is missing."))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await download.Content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (file.Length != length || !string.Equals(actual, sha256, StringComparison.Ordinal))
                {
                    throw corrupt($"{path} has {file.Length} bytes with SHA-256 {actual}; the manifest records {length} bytes with SHA-256 {sha256}.");
                }
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
