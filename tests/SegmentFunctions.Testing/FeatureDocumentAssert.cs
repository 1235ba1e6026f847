using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using Xunit;

namespace SegmentFunctions.Testing;

/// <summary>
/// Compares feature documents as stored (their JSON): exact for every field except the decayed sums, which are
/// compared within a relative tolerance because folding order changes floating-point rounding.
/// </summary>
public static class FeatureDocumentAssert
{
    public static void Equivalent(CustomerFeatures expected, CustomerFeatures actual, bool ignoreWatermarks = true, double relativeTolerance = 1e-9)
    {
        Assert.Equal(ExactPart(expected, ignoreWatermarks), ExactPart(actual, ignoreWatermarks));
        AssertClose(expected.Decay.Activity, actual.Decay.Activity, relativeTolerance, "activity");
        AssertClose(expected.Decay.Spend, actual.Decay.Spend, relativeTolerance, "spend");
    }

    public static CustomerFeatures Clone(CustomerFeatures features) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(features, DomainJsonContext.Default.CustomerFeatures), DomainJsonContext.Default.CustomerFeatures)!;

    private static string ExactPart(CustomerFeatures features, bool ignoreWatermarks)
    {
        var node = JsonSerializer.SerializeToNode(features, DomainJsonContext.Default.CustomerFeatures)!.AsObject();
        var decay = node["decay"]!.AsObject();
        decay.Remove("activity");
        decay.Remove("spend");
        if (ignoreWatermarks)
        {
            node["processing"]!.AsObject().Remove("watermarks");
        }

        return Canonical(node)!.ToJsonString();
    }

    /// <summary>Dictionaries serialize in insertion order, which legitimately differs; sort object members by name.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var scale = Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i]));
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * scale,
                $"Decayed {name}[{i}]: expected {expected[i]:R}, actual {actual[i]:R}.");
        }
    }
}
