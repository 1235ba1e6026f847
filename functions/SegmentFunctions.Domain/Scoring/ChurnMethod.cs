namespace SegmentFunctions.Domain.Scoring;

/// <summary>Where a customer's churn probability came from.</summary>
public enum ChurnMethod
{
    /// <summary>The bundle's trained churn classifier.</summary>
    Classifier,

    /// <summary>
    /// No classifier was trained (data not ready, or no labels): BG/NBD's probability of no purchase within the churn
    /// horizon, derived from expected purchases; a fallback, less sharp than a classifier.
    /// </summary>
    BgNbdFallback,
}
