namespace SegmentFunctions.Application.Ports;

/// <summary>Precondition of a blob write.</summary>
public readonly record struct BlobCondition(BlobConditionKind Kind, string? ETag = null)
{
    public static BlobCondition None => new(BlobConditionKind.None);
    public static BlobCondition IfNotExists => new(BlobConditionKind.IfNotExists);
    public static BlobCondition IfMatch(string etag) => new(BlobConditionKind.IfMatch, etag);
}

public enum BlobConditionKind
{
    None,
    IfNotExists,
    IfMatch,
}
