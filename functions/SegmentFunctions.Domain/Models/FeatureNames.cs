namespace SegmentFunctions.Domain.Models;

/// <summary>
/// The column names of the per-customer feature table shared by segmentation and churn. Segment naming reads feature
/// semantics from these names, so a table built with other names is still clustered but gets generic segment names.
/// </summary>
public static class FeatureNames
{
    /// <summary>Days since the last purchase (or last activity for customers without a purchase) at the snapshot time.</summary>
    public const string RecencyDays = "recencyDays";

    /// <summary>Number of distinct purchases (orders).</summary>
    public const string Frequency = "frequency";

    /// <summary>Total revenue of the customer in the shop currency; also the revenue column of segment profiles.</summary>
    public const string Monetary = "monetary";

    /// <summary>Mean revenue per order.</summary>
    public const string AverageOrderValue = "averageOrderValue";

    /// <summary>Days since the customer was first seen.</summary>
    public const string TenureDays = "tenureDays";

    /// <summary>Number of product page views.</summary>
    public const string PageViews = "pageViews";

    /// <summary>Purchases per product view (0 when there are no views).</summary>
    public const string ConversionRate = "conversionRate";

    /// <summary>Refunded amount divided by revenue.</summary>
    public const string RefundRate = "refundRate";

    /// <summary>Share of orders bought with a discount or on sale.</summary>
    public const string DiscountShare = "discountShare";

    /// <summary>Mean days between consecutive purchase days.</summary>
    public const string MeanInterPurchaseDays = "meanInterPurchaseDays";

    /// <summary>Event count decayed with a 30-day half-life.</summary>
    public const string DecayedActivity30 = "decayedActivity30";

    /// <summary>Purchase amount decayed with a 30-day half-life.</summary>
    public const string DecayedSpend30 = "decayedSpend30";

    /// <summary>Columns that are non-negative and right-skewed, for which a log1p transform precedes standardization.</summary>
    public static IReadOnlySet<string> Skewed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        RecencyDays, Frequency, Monetary, AverageOrderValue, TenureDays, PageViews,
        MeanInterPurchaseDays, DecayedActivity30, DecayedSpend30,
    };
}
