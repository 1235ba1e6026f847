namespace SegmentFunctions.Application.BatchScoring;

/// <summary>No complete batch score version (one with a manifest) has this version, or it has no such segment.</summary>
public sealed class BatchScoresNotFoundException : Exception
{
    public BatchScoresNotFoundException(string version)
        : base($"No complete batch scores of version '{version}' exist (scores without manifest.json are incomplete).")
    {
        Version = version;
    }

    public BatchScoresNotFoundException(string version, int segmentId)
        : base($"The batch scores of version '{version}' have no segment {segmentId}.")
    {
        Version = version;
        SegmentId = segmentId;
    }

    public string Version { get; }

    /// <summary>The unknown segment, when the version exists but the segment does not.</summary>
    public int? SegmentId { get; }
}
