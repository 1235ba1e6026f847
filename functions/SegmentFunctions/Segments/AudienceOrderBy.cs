namespace SegmentFunctions.Segments;

/// <summary>The order of an audience: most likely to churn first, or highest expected value of a retention contact first.</summary>
public enum AudienceOrderBy
{
    Churn,
    ExpectedValue,
}
