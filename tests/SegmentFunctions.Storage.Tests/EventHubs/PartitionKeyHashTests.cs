using Azure.Messaging.EventHubs.Producer;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>
/// The partition a key is assigned equals the client library's own assignment (the buffered producer's resolver, a
/// port of the service's hash; internal to the client, so reached by reflection): a producer that batches by
/// partition puts every key where the service would.
/// </summary>
public sealed class PartitionKeyHashTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(32)]
    public void Every_key_lands_on_the_partition_the_client_library_assigns_it(int partitionCount)
    {
        var resolverType = typeof(EventHubProducerClient).Assembly.GetType("Azure.Messaging.EventHubs.Core.PartitionResolver", throwOnError: true)!;
        var resolver = Activator.CreateInstance(resolverType, nonPublic: true);
        var assign = resolverType.GetMethod("AssignForPartitionKey")!;
        string[] partitionIds = [.. Enumerable.Range(0, partitionCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var keys = Enumerable.Range(0, 2_000)
            .Select(i => (i % 4) switch
            {
                0 => $"c{i:D7}",
                1 => $"customer-{i}-ü-€-{new string('x', i % 29)}",
                2 => new string('k', i % 40),
                _ => Guid.NewGuid().ToString(),
            });

        foreach (var key in keys)
        {
            var expected = (string)assign.Invoke(resolver, [key, partitionIds])!;
            Assert.Equal(expected, partitionIds[PartitionKeyHash.PartitionIndex(key, partitionCount)]);
        }
    }

    [Fact]
    public void Keys_spread_over_every_partition()
    {
        var counts = new int[8];
        foreach (var i in Enumerable.Range(0, 8_000))
        {
            counts[PartitionKeyHash.PartitionIndex($"c{i:D7}", counts.Length)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 700, 1_300));
    }
}
