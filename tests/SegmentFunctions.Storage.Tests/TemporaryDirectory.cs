namespace SegmentFunctions.Storage.Tests;

/// <summary>A fresh folder for one test, deleted afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("segment-storage-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file handle still pooled by another thread; the OS temp cleaner gets it.
        }
    }
}
