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
        var letters = new[] { Letter("0", 17, "{\"a\":\"é\\n\"}"), Letter("0", 18) with { CustomerId = "c-18" } };

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

    [Fact]
    public async Task A_replay_with_other_batch_boundaries_overwrites_no_letter()
    {
        await Archive.WriteAsync([Letter("0", 102), Letter("0", 107)], CancellationToken.None);

        await Archive.WriteAsync([Letter("0", 102)], CancellationToken.None);
        await Archive.WriteAsync([Letter("0", 107), Letter("0", 109)], CancellationToken.None);

        Assert.Equal([102L, 107L, 109L], (await ReadAllAsync()).Select(l => l.SequenceNumber!.Value));
    }

    [Fact]
    public async Task One_event_rejected_twice_in_different_ways_keeps_both_letters()
    {
        var first = Letter("0", 5) with { Reason = "malformed_json: not JSON" };

        await Archive.WriteAsync([first], CancellationToken.None);
        await Archive.WriteAsync([first with { Reason = "batch_failed: the batch failed 5 times" }], CancellationToken.None);

        Assert.Equal(["batch_failed: the batch failed 5 times", "malformed_json: not JSON"], (await ReadAllAsync()).Select(l => l.Reason).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("  {\"id\":\"e-1\"}\r\n")]
    [InlineData("")]
    public async Task Raw_bodies_are_kept_exactly(string body)
    {
        await Archive.WriteAsync([Letter("0", 1, body)], CancellationToken.None);

        Assert.Equal(body, Assert.Single(await ReadAllAsync()).RawBody);
    }

    [Fact]
    public async Task A_body_with_lone_surrogates_is_kept_exactly()
    {
        var body = "{\"id\":\"" + '\ud800' + " lone high, " + '\udc00' + " lone low, \ud83d\ude00 a pair\"}";

        await Archive.WriteAsync([Letter("0", 1, body)], CancellationToken.None);

        Assert.Equal(body, Assert.Single(await ReadAllAsync()).RawBody);
    }

    /// <summary>
    /// Bytes that are not valid UTF-8 (as the Event Hubs client may receive them) have no exact text: the letter keeps
    /// the bytes, and two such bodies that read alike as text are still two letters.
    /// </summary>
    [Fact]
    public async Task A_body_that_is_not_valid_utf8_is_kept_byte_for_byte()
    {
        byte[] bytes = [.. "{\"id\":\"e-"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];
        byte[] lookalike = [.. "{\"id\":\"e-"u8, 0xC3, 0x28, 0xFE, .. "\"}"u8];
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(lookalike));

        await Archive.WriteAsync([Letter("0", 1, text) with { RawBodyUtf8 = bytes }], CancellationToken.None);
        var unsequenced = new DeadLetter("malformed_json: not UTF-8", text, "events-hub", "0", null, null, At);
        await Archive.WriteAsync([unsequenced with { RawBodyUtf8 = bytes }, unsequenced with { RawBodyUtf8 = lookalike }], CancellationToken.None);

        var stored = await ReadAllAsync();
        Assert.Equal(bytes, Assert.Single(stored, l => l.SequenceNumber == 1).RawBodyUtf8);
        Assert.Equal(text, Assert.Single(stored, l => l.SequenceNumber == 1).RawBody);
        var kept = stored.Where(l => l.SequenceNumber is null).Select(l => Convert.ToHexString(l.RawBodyUtf8!)).Order(StringComparer.Ordinal);
        Assert.Equal([Convert.ToHexString(lookalike), Convert.ToHexString(bytes)], kept);
    }

    [Fact]
    public async Task A_partition_id_of_any_length_or_content_is_a_valid_name()
    {
        var partitions = new[] { new string('p', 5000), "../..", "a/b\\c", ".", "%2E%2E" };

        await Archive.WriteAsync([.. partitions.Select((p, i) => Letter(p, i))], CancellationToken.None);
        await Archive.WriteAsync([Letter("\ud800", 9)], CancellationToken.None);

        var stored = await ReadAllAsync();
        Assert.Equal(partitions.Order(StringComparer.Ordinal), stored.Where(l => l.SequenceNumber != 9).Select(l => l.PartitionId!).Order(StringComparer.Ordinal));
        Assert.Single(stored, l => l.SequenceNumber == 9);
    }

    [Fact]
    public async Task Erasing_a_customer_deletes_the_letters_that_name_it_and_keeps_the_others()
    {
        await Archive.WriteAsync(
        [
            Letter("0", 1, "{\"customerId\":\"c-1\",\"amount\":-1}"),
            Letter("0", 2, "{\"customerId\":\"c-10\",\"amount\":-1}"),
            Letter("0", 3, "{\"customerId\":\"c-1\"") with { Reason = "malformed_json: truncated" },
            Letter("0", 4, "{\"id\":\"x\"}") with { CustomerId = "c-1" },
            Letter("0", 5, "not json at all"),
        ], CancellationToken.None);

        Assert.Equal(3, await Archive.DeleteCustomerAsync("c-1", CancellationToken.None));

        Assert.Equal([2L, 5L], (await ReadAllAsync()).Select(l => l.SequenceNumber!.Value));
        Assert.Equal(0, await Archive.DeleteCustomerAsync("c-1", CancellationToken.None));
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
