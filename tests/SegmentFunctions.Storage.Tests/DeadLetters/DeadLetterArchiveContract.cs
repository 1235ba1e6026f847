using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Tests.DeadLetters;

/// <summary>The behaviour every <see cref="IDeadLetterArchive"/> must have, run against each implementation.</summary>
public abstract class DeadLetterArchiveContract
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    protected abstract IDeadLetterArchive Archive { get; }

    private static DeadLetter Letter(string partition, long? sequence, string body = "{\"bad\":true}") =>
        new($"invalid event at {sequence}", body, "events-hub", partition, sequence, At.AddSeconds(sequence ?? 0), At);

    [Fact]
    public async Task Written_letters_read_back_with_every_field()
    {
        var letters = new[] { Letter("0", 17, "{\"a\":\"é\\n\"}"), Letter("0", 18) };

        await Archive.WriteAsync(letters, CancellationToken.None);

        Assert.Equal(letters, await ReadAllAsync());
    }

    [Fact]
    public async Task A_replayed_batch_does_not_duplicate_letters()
    {
        var batch = new[] { Letter("3", 100), Letter("3", 101), Letter("4", 7) };

        await Archive.WriteAsync(batch, CancellationToken.None);
        await Archive.WriteAsync(batch, CancellationToken.None);

        var stored = await ReadAllAsync();
        Assert.Equal(3, stored.Count);
        Assert.Equal(batch.OrderBy(l => l.PartitionId).ThenBy(l => l.SequenceNumber), stored.OrderBy(l => l.PartitionId).ThenBy(l => l.SequenceNumber));
    }

    [Fact]
    public async Task Later_batches_of_a_partition_are_kept_beside_earlier_ones()
    {
        await Archive.WriteAsync([Letter("1", 10)], CancellationToken.None);
        await Archive.WriteAsync([Letter("1", 11)], CancellationToken.None);

        Assert.Equal([10L, 11L], (await ReadAllAsync()).Select(l => l.SequenceNumber!.Value).Order());
    }

    [Fact]
    public async Task Letters_without_sequence_numbers_are_kept_once_per_content()
    {
        var unsequenced = new DeadLetter("not JSON", "<xml/>", "http", null, null, null, At);

        await Archive.WriteAsync([unsequenced], CancellationToken.None);
        await Archive.WriteAsync([unsequenced], CancellationToken.None);
        await Archive.WriteAsync([unsequenced with { RawBody = "<other/>" }], CancellationToken.None);

        Assert.Equal(["<other/>", "<xml/>"], (await ReadAllAsync()).Select(l => l.RawBody).Order(StringComparer.Ordinal));
    }

    private async Task<List<DeadLetter>> ReadAllAsync()
    {
        var letters = new List<DeadLetter>();
        await foreach (var letter in Archive.ReadAllAsync(CancellationToken.None))
        {
            letters.Add(letter);
        }

        return letters;
    }
}
