namespace SegmentFunctions.Application.Files;

/// <summary>A local scratch file for Parquet (which needs to seek), deleted when it is closed.</summary>
internal static class TemporaryFile
{
    public static FileStream Create(string prefix) => new(
        Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.parquet"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
