namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>A file of lines in the temp folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(IEnumerable<string> lines)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"segment-cli-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(Path, lines);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
