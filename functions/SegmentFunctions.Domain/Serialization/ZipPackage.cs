using System.IO.Compression;

namespace SegmentFunctions.Domain.Serialization;

/// <summary>
/// Model files are zip archives of named entries (the bundle, the churn classifier). The archive is built in memory
/// because ZipArchive needs a seekable stream and blob streams are not; models are megabytes, not gigabytes.
/// </summary>
internal static class ZipPackage
{
    public static async Task WriteAsync(Stream output, Func<ZipArchive, Task> writeEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await writeEntries(zip).ConfigureAwait(false);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the archive with <paramref name="readEntries"/>. A stream that is not a zip becomes the exception
    /// <paramref name="notAZip"/> makes; a failure of the entries that <paramref name="isCorrupt"/> recognises becomes the
    /// one <paramref name="corrupt"/> makes.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        Stream input,
        Func<ZipArchive, CancellationToken, Task<T>> readEntries,
        Func<Exception, bool> isCorrupt,
        Func<Exception, Exception> notAZip,
        Func<Exception, Exception> corrupt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw notAZip(e);
        }

        using (zip)
        {
            try
            {
                return await readEntries(zip, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (isCorrupt(e))
            {
                throw corrupt(e);
            }
        }
    }
}
