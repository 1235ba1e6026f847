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
        var first = new EventLinePartitioner(partitions, 0, Now);
        var second = new EventLinePartitioner(partitions, 500, Now);

        var a = first.Assign(Line(customer.Get, "e1")).Partition;
        var b = second.Assign(Line(customer.Get, "e2")).Partition;

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
    public void Sequence_numbers_start_at_the_first_number_and_increase_by_one_per_partition()
    {
        var partitioner = new EventLinePartitioner(3, 1000, Now);

        var assigned = Enumerable.Range(0, 40).Select(i => partitioner.Assign(Line($"c{i % 11}", $"e{i}"))).ToArray();

        foreach (var partition in assigned.GroupBy(a => a.Partition))
        {
            var numbers = partition.Select(a => a.Event.SequenceNumber!.Value).ToArray();
            Assert.Equal(Enumerable.Range(0, numbers.Length).Select(i => 1000L + i), numbers);
        }

        Assert.All(assigned, a => Assert.Equal(Now, a.Event.EnqueuedTimeUtc));
    }

    [Theory]
    [InlineData("not JSON at all")]
    [InlineData("""{"customerId":42}""")]
    [InlineData("""{"id":"e1"}""")]
    [InlineData("[1,2,3]")]
    public void A_line_without_a_readable_customer_id_is_still_assigned_as_sent(string line)
    {
        var partitioner = new EventLinePartitioner(4, 0, Now);

        var (partition, rawEvent) = partitioner.Assign(line);

        Assert.InRange(partition, 0, 3);
        Assert.Equal(line, rawEvent.Body);
        Assert.Equal(partition, partitioner.Assign(line).Partition);
    }

    [Theory]
    [InlineData("""{"id":"e1","customerId":"c-9"}""", "c-9")]
    [InlineData("""{"nested":{"customerId":"inner"},"customerId":"outer"}""", "outer")]
    [InlineData("""{"items":[{"customerId":"x"}],"type":"purchase"}""", null)]
    [InlineData("""{"customerId":"c\u00e9"}""", "cé")]
    [InlineData("""{"customerId":"trunc""", null)]
    public void The_customer_id_is_read_from_the_top_level_only(string line, string? expected)
    {
        Assert.Equal(expected, CustomerIdReader.TryRead(line));
    }

    [Fact]
    public void Each_run_numbers_above_the_previous_run()
    {
        var earlier = IngestSettings.SequenceStartAt(Now);
        var later = IngestSettings.SequenceStartAt(Now.AddMilliseconds(1));

        Assert.True(later - earlier >= 1 << 20);
    }

    private static string Line(string customerId, string id) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, ["customerId"] = customerId });
}
