using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Features;

public sealed class RecentKeySetTests
{
    private const string Customer = "c-1";

    [Property(MaxTest = 200)]
    public Property Any_insertion_order_keeps_the_distinct_keys_within_the_horizon_of_the_newest() =>
        Prop.ForAll(
            (from keys in Gen.ListOf(from ticks in Gen.Choose(0, 50) from hash in Gen.Choose(0, 20) select new RecentKey(ticks, (ulong)hash))
             from order in Gen.Shuffle<RecentKey>(keys)
             from horizon in Gen.Choose(0, 60)
             from capacity in Gen.Choose(1, 60)
             select (Keys: keys, Order: order, Horizon: horizon, Capacity: capacity)).ToArbitrary(),
            scenario =>
            {
                var set = new RecentKeySet();
                var beyond = new List<RecentKey>();
                foreach (var key in scenario.Order)
                {
                    if (set.TryAdd(key, TimeSpan.FromTicks(scenario.Horizon), scenario.Capacity) == RecentKeyAddition.BeyondHorizon)
                    {
                        beyond.Add(key);
                    }
                }

                var added = scenario.Keys.Except(beyond).Distinct().Order().ToList();
                var newest = added.Count == 0 ? 0 : added[^1].UtcTicks;
                var expected = added.Where(k => k.UtcTicks >= newest - scenario.Horizon).TakeLast(scenario.Capacity).ToArray();
                Assert.Equal(expected, set.Keys.ToArray());
                Assert.All(beyond, k => Assert.True(
                    k.UtcTicks < newest - scenario.Horizon || (expected.Length == scenario.Capacity && k.CompareTo(expected[0]) < 0)));
            });

    [Fact]
    public void Keys_are_one_base64_string_of_16_bytes_each_and_read_back_equal()
    {
        var features = CustomerFeaturesFolder.Fold(Customer,
        [
            TestEvents.Make("v1", EventType.PageView, Customer, TestEvents.Epoch),
            TestEvents.Purchase("p1", Customer, TestEvents.Epoch.AddHours(1), "o-1", 20m),
        ]);

        var json = JsonSerializer.SerializeToNode(features, DomainJsonContext.Default.CustomerFeatures)!;
        var encoded = json["processing"]!["recentKeys"]!.GetValue<string>();
        var read = JsonSerializer.Deserialize(json, DomainJsonContext.Default.CustomerFeatures)!;

        Assert.Equal(2 * 16, Convert.FromBase64String(encoded).Length);
        Assert.Equal(features.Processing.RecentKeys.Keys.ToArray(), read.Processing.RecentKeys.Keys.ToArray());
        Assert.True(read.Processing.RecentKeys.Keys[1].IsOrder);
        Assert.False(read.Processing.RecentKeys.Keys[0].IsOrder);
    }

    [Theory]
    [InlineData("\"AAAA\"", "multiple of 16")]
    [InlineData("\"not base64!\"", "base64")]
    [InlineData("42", "base64 string")]
    [InlineData("\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"", "ascending")]
    public void Corrupt_keys_are_a_json_error_that_says_what_is_wrong(string recentKeys, string reason)
    {
        var json = $$$"""{"customerId":"c-1","processing":{"recentKeys":{{{recentKeys}}}}}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, DomainJsonContext.Default.CustomerFeatures));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_keys_reads_as_an_empty_set()
    {
        var read = JsonSerializer.Deserialize("""{"customerId":"c-1","processing":{"recentKeys":null}}""", DomainJsonContext.Default.CustomerFeatures)!;

        Assert.Equal(0, read.Processing.RecentKeys.Count);
    }
}
