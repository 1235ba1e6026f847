using System.Text.Json.Serialization;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The feature document of one customer (Cosmos DB id = partition key = customerId). It is a fold of the customer's
/// events that does not depend on their order, batching or repetition, so that every model input (RFM, BG/NBD x/t_x/T,
/// churn classifier features) can be derived "as of" any time from it.
/// </summary>
public sealed class CustomerFeatures
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Document id, required by Cosmos DB; always the customer id.</summary>
    [JsonPropertyName("id")]
    public string Id => CustomerId;

    /// <remarks>
    /// Required in JSON, not with the C# <c>required</c> keyword: with it the generated reader builds the document
    /// through a constructor delegate, caching every other property first, which made a serving read a third slower.
    /// </remarks>
    [JsonRequired]
    public string CustomerId { get; set; } = "";
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Applied events per contract type name (e.g. "page_view" -> 12).</summary>
    public Dictionary<string, long> EventCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Distinct purchases (a purchase is identified by its order id).</summary>
    public int Orders { get; set; }
    public decimal Revenue { get; set; }
    public int Refunds { get; set; }
    public decimal RefundAmount { get; set; }
    public long ItemsPurchased { get; set; }
    /// <summary>Currency of the purchases; amounts are summed as given, without conversion.</summary>
    public string? Currency { get; set; }

    public DateTimeOffset? FirstSeenAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public DateTimeOffset? FirstPurchaseAt { get; set; }
    public DateTimeOffset? LastPurchaseAt { get; set; }

    /// <summary>Purchase days in ascending date order (bounded; see the featurizer).</summary>
    public List<PurchaseDay> PurchaseDays { get; set; } = [];

    /// <summary>Statistics of the gaps in days between consecutive purchase days; null with fewer than two days.</summary>
    public GapStatistics? InterPurchaseGaps { get; set; }

    /// <summary>Items purchased per product category, bounded to the top categories.</summary>
    public Dictionary<string, long> Categories { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Events per channel (web, app, email, store, ...).</summary>
    public Dictionary<string, long> Channels { get; set; } = new(StringComparer.Ordinal);

    public DecayedActivity Decay { get; set; } = new();
    public ProcessingState Processing { get; set; } = new();

    public long Count(string eventType) => EventCounts.TryGetValue(eventType, out var n) ? n : 0;
}
