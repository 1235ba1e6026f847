namespace SegmentFunctions.Application.Ports;

/// <summary>Outcome of a conditional feature write: the new ETag, or a conflict (precondition failed).</summary>
public readonly record struct FeatureWriteResult(bool Succeeded, string? ETag)
{
    public static FeatureWriteResult Conflict => new(false, null);
    public static FeatureWriteResult Written(string etag) => new(true, etag);
}
