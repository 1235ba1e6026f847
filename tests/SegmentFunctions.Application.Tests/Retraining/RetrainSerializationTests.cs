using System.Text.Json;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Tests.Retraining;

public sealed class RetrainSerializationTests
{
    private static readonly RetrainResult Result = new(
        RetrainOutcome.KeptChampion, "v20261122-030000-1a2b3c4d5e6f", null, "Champion kept.", new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero),
        "s20261122-030000-1a2b3c4d5e6f", null,
        new RetrainMetrics(1000, 4, [400, 300, 200, 100], 0, null, null, false, "cold start", double.NaN, -1234.5, null),
        null);

    [Fact]
    public void The_custom_status_is_step_and_progress_in_camel_case()
    {
        Assert.Equal("""{"step":"fit","progress":0.2}""", RetrainSerialization.DataConverter.Serialize(new RetrainProgress(RetrainSteps.Fit, 0.2)));
    }

    [Fact]
    public void The_data_converter_and_the_options_write_the_same_json_and_read_it_back()
    {
        var converted = RetrainSerialization.DataConverter.Serialize(Result);
        var read = (RetrainResult)RetrainSerialization.DataConverter.Deserialize(converted, typeof(RetrainResult))!;

        Assert.Equal(JsonSerializer.Serialize(Result, RetrainSerialization.Options), converted);
        Assert.Equal(converted, RetrainSerialization.DataConverter.Serialize(read));
        Assert.Contains("\"outcome\":\"KeptChampion\"", converted, StringComparison.Ordinal);
        Assert.Contains("\"elbo\":\"NaN\"", converted, StringComparison.Ordinal);
        Assert.True(double.IsNaN(read.Metrics.Elbo));
    }

    [Fact]
    public void A_shards_readiness_counts_are_a_few_kilobytes_of_the_runs_history_and_read_back_whole()
    {
        var asOf = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        var empty = DataReadinessCheck.Start(asOf, 90, cutoffDocuments: true).ToCounts();
        // Counts of a shard of millions of customers: every window's count has seven digits.
        var windows = empty.Customers.Count;
        var tally = empty with
        {
            Documents = 2_500_000,
            Earliest = asOf.AddDays(-700),
            Customers = [.. Enumerable.Range(0, windows).Select(w => 2_400_000L - w)],
            RepeatBuyers = [.. Enumerable.Range(0, windows).Select(w => 1_100_000L - w)],
            Churners = [.. Enumerable.Range(0, windows).Select(w => 1_300_000L + w)],
        };
        var written = new SnapshotShardWritten(3, 2_500_000, 12, new ShardReadinessCounts(2_400_000, 1_900_000, 0, null, tally));

        var json = RetrainSerialization.DataConverter.Serialize(written);
        var read = (SnapshotShardWritten)RetrainSerialization.DataConverter.Deserialize(json, typeof(SnapshotShardWritten))!;

        Assert.InRange(json.Length, 1, 4_000);
        Assert.Equal(json, RetrainSerialization.DataConverter.Serialize(read));
        Assert.Equal(tally.Customers, read.Readiness!.Tally.Customers);
        Assert.Equal(tally.Earliest, read.Readiness.Tally.Earliest);
    }

    [Fact]
    public void Activity_inputs_read_the_same_whatever_the_casing_of_their_names()
    {
        var input = (CheckReadinessInput)RetrainSerialization.DataConverter.Deserialize(
            """{"SnapshotId":"s1","ASOF":"2026-11-22T03:00:00+00:00","churnHorizonDays":90,"cutoffsnapshot":true}""", typeof(CheckReadinessInput))!;

        Assert.Equal(new CheckReadinessInput("s1", new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero), 90, true), input);
    }
}
