using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Tests.Training;

/// <summary>Hand-made feature documents with exactly the fields a test states.</summary>
internal static class FeatureDocuments
{
    public static readonly DateTimeOffset T = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static CustomerFeatures Buyer(string id, DateTimeOffset firstSeen, params (DateOnly Date, decimal Amount)[] days) => new()
    {
        CustomerId = id,
        FirstSeenAt = firstSeen,
        LastSeenAt = days.Length == 0 ? firstSeen : Max(firstSeen, new DateTimeOffset(days[^1].Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)),
        FirstPurchaseAt = days.Length == 0 ? null : new DateTimeOffset(days[0].Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
        LastPurchaseAt = days.Length == 0 ? null : new DateTimeOffset(days[^1].Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
        Orders = days.Length,
        Revenue = days.Sum(d => d.Amount),
        PurchaseDays = [.. days.Select(d => new PurchaseDay(d.Date, d.Amount, 1))],
        EventCounts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["session_start"] = 4, ["page_view"] = 10, ["product_view"] = 6, ["add_to_cart"] = 4,
            ["email_open"] = 5, ["email_click"] = 1, ["purchase"] = days.Length,
        },
    };

    public static DateOnly Day(int daysBeforeT) => DateOnly.FromDateTime(T.UtcDateTime).AddDays(-daysBeforeT);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
