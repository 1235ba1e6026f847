namespace SegmentFunctions.Application.BatchScoring;

/// <summary>A batch score version's files do not match its manifest (hash, length, rows), or cannot be decoded.</summary>
public sealed class BatchScoresCorruptException(string version, string detail, Exception? inner = null)
    : Exception($"Batch scores '{version}' are corrupt: {detail}", inner)
{
    public string Version { get; } = version;
}
