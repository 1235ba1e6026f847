using System.Text.Json;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Tests.Serialization;

/// <summary>A feature document with every kind of property filled, processing state included, and its stored JSON.</summary>
internal static class StoredDocuments
{
    public static CustomerFeatures Sample() => new()
    {
        CustomerId = "c42",
        Orders = 3,
        Revenue = 45.6m,
        Currency = "EUR",
        EventCounts = new Dictionary<string, long>(StringComparer.Ordinal) { ["purchase"] = 3, ["page_view"] = 11 },
        FirstSeenAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        LastSeenAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero),
        PurchaseDays = [new PurchaseDay(new DateOnly(2026, 1, 2), 20.6m, 2), new PurchaseDay(new DateOnly(2026, 2, 3), 25m, 1)],
        InterPurchaseGaps = new GapStatistics(1, 32, 0, 32, 32),
        Categories = new Dictionary<string, long>(StringComparer.Ordinal) { ["books"] = 2 },
        Processing =
        {
            Watermarks = { ["hub/0"] = 42 },
            RecentKeys = new RecentKeySet([new RecentKey(638_000_000_000_000_000, 11), new RecentKey(638_000_000_000_000_001, DedupeKeys.OrderFlag | 5)]),
        },
    };

    public static string Json(CustomerFeatures features) => JsonSerializer.Serialize(features, DomainJsonContext.Default.CustomerFeatures);
}
