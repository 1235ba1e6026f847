using System.Text;
using System.Text.Json.Nodes;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Tests.Serialization;

public sealed class FeatureDocumentPartsTests
{
    [Fact]
    public void The_two_parts_decode_to_the_whole_document()
    {
        var document = StoredDocuments.Sample();

        var decoded = FeatureDocumentParts.Decode(FeatureDocumentParts.EncodeFeatures(document), FeatureDocumentParts.EncodeProcessing(document.Processing));

        Assert.Equal(StoredDocuments.Json(document), StoredDocuments.Json(decoded));
    }

    [Fact]
    public void The_features_part_is_the_domain_shape_less_the_processing_property()
    {
        var whole = JsonNode.Parse(StoredDocuments.Json(StoredDocuments.Sample()))!.AsObject();
        var processing = whole[ServingFeaturesDecoder.ProcessingPropertyName]!.DeepClone();
        whole.Remove(ServingFeaturesDecoder.ProcessingPropertyName);

        var features = JsonNode.Parse(FeatureDocumentParts.EncodeFeatures(StoredDocuments.Sample()));
        var state = JsonNode.Parse(FeatureDocumentParts.EncodeProcessing(StoredDocuments.Sample().Processing));

        Assert.True(JsonNode.DeepEquals(whole, features));
        Assert.True(JsonNode.DeepEquals(processing, state));
    }

    [Fact]
    public void The_features_part_alone_decodes_with_an_empty_processing_state()
    {
        var decoded = FeatureDocumentParts.DecodeFeatures(FeatureDocumentParts.EncodeFeatures(StoredDocuments.Sample()));

        Assert.Equal(3, decoded.Orders);
        Assert.Equal(2, decoded.PurchaseDays.Count);
        Assert.Empty(decoded.Processing.Watermarks);
        Assert.Equal(0, decoded.Processing.RecentKeys.Count);
    }

    [Fact]
    public void A_null_part_is_refused_with_the_customer_named()
    {
        var features = FeatureDocumentParts.EncodeFeatures(StoredDocuments.Sample());

        var error = Assert.Throws<InvalidDataException>(() => FeatureDocumentParts.Decode(features, Encoding.UTF8.GetBytes("null")));
        Assert.Contains("c42", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => FeatureDocumentParts.DecodeFeatures(Encoding.UTF8.GetBytes("null")));
    }
}
