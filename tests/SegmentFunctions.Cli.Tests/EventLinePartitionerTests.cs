using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SegmentFunctions.Cli.Ingest;

namespace SegmentFunctions.Cli.Tests;

public sealed class EventLinePartitionerTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Property]
    public Property A_customer_lands_in_the_same_partition_whichever_partitioner_and_line(NonEmptyString customer, PositiveInt partitionCount)
    {
        var partitions = partitionCount.Get % 64 + 1;
        var first = new EventLinePartitioner(partitions, Now);
        var second = new EventLinePartitioner(partitions, Now);

        var a = first.Assign(Line(customer.Get, "e1"), 1).Partition;
        var b = second.Assign(Line(customer.Get, "e2"), 500).Partition;

        return (a == b && a >= 0 && a < partitions).ToProperty();
    }

    /// <summary>Published FNV-1a 32-bit test vectors (Fowler/Noll/Vo, draft-eastlake-fnv, "FNV-1a" column).</summary>
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void The_partition_hash_is_fnv_1a_so_it_does_not_change_between_processes(string key, uint expected)
    {
        Assert.Equal(expected, StablePartitioner.Fnv1a32(key));
        Assert.Equal((int)(expected % 7), StablePartitioner.Partition(key, 7));
    }

    [Fact]
    public void The_sequence_number_is_the_line_number()
    {
        var partitioner = new EventLinePartitioner(3, Now);

        var assigned = Enumerable.Range(1, 40).Select(i => partitioner.Assign(Line($"c{i % 11}", $"e{i}"), i)).ToArray();

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), assigned.Select(a => a.Event.SequenceNumber!.Value));

        Assert.All(assigned, a => Assert.Equal(Now, a.Event.EnqueuedTimeUtc));
    }

    [Theory]
    [InlineData("not JSON at all")]
    [InlineData("""{"customerId":42}""")]
    [InlineData("""{"id":"e1"}""")]
    [InlineData("[1,2,3]")]
    public void A_line_without_a_readable_customer_id_is_still_assigned_as_sent(string line)
    {
        var partitioner = new EventLinePartitioner(4, Now);

        var (partition, rawEvent) = partitioner.Assign(line, 1);

        Assert.InRange(partition, 0, 3);
        Assert.Equal(line, rawEvent.Body);
        Assert.Equal(partition, partitioner.Assign(line, 2).Partition);
    }

    [Theory]
    [InlineData("""{"id":"e1","customerId":"c-9"}""", "c-9")]
    [InlineData("""{"nested":{"customerId":"inner"},"customerId":"outer"}""", "outer")]
    [InlineData("""{"items":[{"customerId":"x"}],"type":"purchase"}""", null)]
    [InlineData("""{"customerId":"c\u00e9"}""", "cé")]
    [InlineData("""{"customerId":"trunc""", null)]
    [InlineData("""{"customerId":"lone-\ud800"}""", null)]
    public void The_customer_id_is_read_from_the_top_level_only(string line, string? expected)
    {
        Assert.Equal(expected, CustomerIdReader.TryRead(line));
    }

    private static string Line(string customerId, string id) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, ["customerId"] = customerId });
}
