namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// The order of an audience file: churn probability descending (the customers most at risk first), ties by customer
/// id ordinal, so the order is total and a re-run writes the same bytes.
/// </summary>
internal sealed class AudienceOrder : IComparer<BatchScoreRecord>
{
    public static AudienceOrder Instance { get; } = new();

    public int Compare(BatchScoreRecord? x, BatchScoreRecord? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byChurn = y.ChurnProbability.CompareTo(x.ChurnProbability);
        return byChurn != 0 ? byChurn : string.CompareOrdinal(x.CustomerId, y.CustomerId);
    }
}
