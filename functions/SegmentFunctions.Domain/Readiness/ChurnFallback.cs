namespace SegmentFunctions.Domain.Readiness;

/// <summary>
/// What a caller does when the data is not ready for a churn classifier:
/// <list type="bullet">
/// <item><see cref="None"/>: ready; train the classifier.</item>
/// <item><see cref="BgNbdExpectedPurchases"/>: enough buyers but too little history or labels: score churn as
/// P(alive) / expected purchases in H from BG/NBD, which needs no labels.</item>
/// <item><see cref="RecencyRule"/>: too few customers or repeat buyers even for BG/NBD: use the rule "no purchase in
/// the last H/2 days".</item>
/// </list>
/// </summary>
public enum ChurnFallback
{
    None,
    BgNbdExpectedPurchases,
    RecencyRule,
}
