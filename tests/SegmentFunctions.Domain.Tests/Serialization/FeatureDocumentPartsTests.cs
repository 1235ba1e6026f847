using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Tests.Serialization;

public sealed class FeatureDocumentPartsTests
{
    private static CustomerFeatures Sample() => new()
    {
        CustomerId = "c7",
        Orders = 2,
        Revenue = 19.9m,
        Currency = "USD",
        EventCounts = new Dictionary<string, long>(StringComparer.Ordinal) { ["purchase"] = 2, ["email_open"] = 5 },
        LastPurchaseAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero),
        PurchaseDays = [new PurchaseDay(new DateOnly(2026, 1, 5), 9.9m, 1), new PurchaseDay(new DateOnly(2026, 2, 3), 10m, 1)],
        InterPurchaseGaps = new GapStatistics(1, 29, 0, 29, 29),
        Channels = new Dictionary<string, long>(StringComparer.Ordinal) { ["app"] = 7 },
        Processing =
        {
            Watermarks = { ["hub/3"] = 17 },
            RecentKeys = new RecentKeySet([new RecentKey(638_000_000_000_000_000, 11), new RecentKey(638_000_000_000_000_001, DedupeKeys.OrderFlag | 5)]),
        },
    };

    private static string Json(CustomerFeatures features) => JsonSerializer.Serialize(features, DomainJsonContext.Default.CustomerFeatures);

    [Fact]
    public void The_two_parts_decode_to_the_whole_document()
    {
        var document = Sample();

        var decoded = FeatureDocumentParts.Decode(FeatureDocumentParts.EncodeFeatures(document), FeatureDocumentParts.EncodeProcessing(document.Processing));

        Assert.Equal(Json(document), Json(decoded));
    }

    [Fact]
    public void The_features_part_is_the_domain_shape_less_the_processing_property()
    {
        var whole = JsonNode.Parse(Json(Sample()))!.AsObject();
        var processing = whole[ServingFeaturesDecoder.ProcessingPropertyName]!.DeepClone();
        whole.Remove(ServingFeaturesDecoder.ProcessingPropertyName);

        var features = JsonNode.Parse(FeatureDocumentParts.EncodeFeatures(Sample()));
        var state = JsonNode.Parse(FeatureDocumentParts.EncodeProcessing(Sample().Processing));

        Assert.True(JsonNode.DeepEquals(whole, features));
        Assert.True(JsonNode.DeepEquals(processing, state));
    }

    [Fact]
    public void The_features_part_alone_decodes_with_an_empty_processing_state()
    {
        var decoded = FeatureDocumentParts.DecodeFeatures(FeatureDocumentParts.EncodeFeatures(Sample()));

        Assert.Equal(2, decoded.Orders);
        Assert.Equal(2, decoded.PurchaseDays.Count);
        Assert.Empty(decoded.Processing.Watermarks);
        Assert.Equal(0, decoded.Processing.RecentKeys.Count);
    }

    [Fact]
    public void A_null_part_is_refused_with_the_customer_named()
    {
        var features = FeatureDocumentParts.EncodeFeatures(Sample());

        var error = Assert.Throws<InvalidDataException>(() => FeatureDocumentParts.Decode(features, Encoding.UTF8.GetBytes("null")));
        Assert.Contains("c7", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => FeatureDocumentParts.DecodeFeatures(Encoding.UTF8.GetBytes("null")));
    }
}
