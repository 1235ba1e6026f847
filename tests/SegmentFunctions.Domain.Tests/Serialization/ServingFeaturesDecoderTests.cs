using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Tests.Serialization;

public sealed class ServingFeaturesDecoderTests
{
    private static string WithoutProcessing(CustomerFeatures features)
    {
        features.Processing = new ProcessingState();
        return StoredDocuments.Json(features);
    }

    [Fact]
    public void The_skipped_property_is_the_one_the_domain_shape_writes()
    {
        var document = JsonNode.Parse(StoredDocuments.Json(StoredDocuments.Sample()))!.AsObject();

        Assert.True(document.ContainsKey(ServingFeaturesDecoder.ProcessingPropertyName));
    }

    [Fact]
    public void A_stored_document_decodes_to_every_feature_with_an_empty_processing_state()
    {
        var decoded = ServingFeaturesDecoder.Decode(Encoding.UTF8.GetBytes(StoredDocuments.Json(StoredDocuments.Sample())));

        Assert.Empty(decoded.Processing.Watermarks);
        Assert.Equal(WithoutProcessing(StoredDocuments.Sample()), StoredDocuments.Json(decoded));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void The_processing_state_is_cut_wherever_it_stands_and_however_the_document_is_indented(int position)
    {
        var node = JsonNode.Parse(StoredDocuments.Json(StoredDocuments.Sample()))!.AsObject();
        var processing = node[ServingFeaturesDecoder.ProcessingPropertyName]!.DeepClone();
        node.Remove(ServingFeaturesDecoder.ProcessingPropertyName);
        node.Insert(position < 0 ? node.Count : position, ServingFeaturesDecoder.ProcessingPropertyName, processing);

        foreach (var indented in new[] { false, true })
        {
            var text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
            Assert.Equal(WithoutProcessing(StoredDocuments.Sample()), StoredDocuments.Json(ServingFeaturesDecoder.Decode(Encoding.UTF8.GetBytes(text))));
        }
    }

    /// <summary>A value the full decode would refuse proves the property is skipped, not decoded, whatever its representation.</summary>
    [Theory]
    [InlineData("\"AAECAwQFBgc=\"")]
    [InlineData("[1, \"two\", {\"three\": [3]}]")]
    [InlineData("{\"watermarks\": \"not a map\", \"recentKeys\": 7}")]
    public void A_processing_value_of_any_shape_is_skipped(string value)
    {
        var text = StoredDocuments.Json(StoredDocuments.Sample()).Replace(
            $"\"{ServingFeaturesDecoder.ProcessingPropertyName}\":{JsonSerializer.Serialize(StoredDocuments.Sample().Processing, DomainJsonContext.Default.Options)}",
            $"\"{ServingFeaturesDecoder.ProcessingPropertyName}\": {value}",
            StringComparison.Ordinal);
        Assert.Contains(value, text, StringComparison.Ordinal);

        var decoded = ServingFeaturesDecoder.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal(WithoutProcessing(StoredDocuments.Sample()), StoredDocuments.Json(decoded));
    }

    [Fact]
    public void An_escaped_property_name_is_recognised()
    {
        var text = """{"customerId":"c1","orders":2,"proc\u0065ssing":"opaque"}""";

        var decoded = ServingFeaturesDecoder.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal(("c1", 2), (decoded.CustomerId, decoded.Orders));
    }

    [Fact]
    public void A_document_without_processing_state_decodes_as_it_is()
    {
        var decoded = ServingFeaturesDecoder.Decode("""{"customerId":"c1","orders":2}"""u8);

        Assert.Equal(("c1", 2, 0), (decoded.CustomerId, decoded.Orders, decoded.Processing.Watermarks.Count));
    }

    [Fact]
    public void Malformed_bytes_and_the_null_literal_are_clear_errors()
    {
        Assert.ThrowsAny<JsonException>(() => ServingFeaturesDecoder.Decode("""{"customerId":"c1","processing":{"""u8));
        Assert.ThrowsAny<JsonException>(() => ServingFeaturesDecoder.Decode("[1,2]"u8));
        Assert.Throws<InvalidDataException>(() => ServingFeaturesDecoder.Decode("null"u8));
    }
}
