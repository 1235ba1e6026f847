using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Storage.Tests.Features;

internal static class FeatureSamples
{
    public static string NewCustomerId() => "c-" + Guid.NewGuid().ToString("N");

    public static CustomerFeatures Customer(string customerId, int orders = 1) => new()
    {
        CustomerId = customerId,
        Orders = orders,
        Revenue = 12.34m * orders,
        Currency = "USD",
        EventCounts = new Dictionary<string, long>(StringComparer.Ordinal) { ["purchase"] = orders, ["page_view"] = 7 },
        FirstSeenAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        PurchaseDays = [new PurchaseDay(new DateOnly(2026, 1, 2), 12.34m * orders, orders)],
        InterPurchaseGaps = new GapStatistics(1, 3.5, 0, 3, 4),
        Processing = { Watermarks = { ["hub/0"] = 42 }, RecentKeys = new RecentKeySet([new RecentKey(638_000_000_000_000_000, 7), new RecentKey(638_000_000_000_000_000, DedupeKeys.OrderFlag | 3)]) },
    };
}
