using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Training;

public sealed class ChurnSampleTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Columns = ["v", "variant"];

    [Fact]
    public void The_rows_kept_depend_on_the_customers_not_on_the_order_or_the_parts_they_come_in()
    {
        var rows = Rows(3_000, variants: 1);
        var inOrder = Sample(rows, maxTrain: 500, maxTest: 200);
        var shuffled = rows.ToArray();
        new Random(9).Shuffle(shuffled);
        // Four parts read one after another in reverse, as shards of another split would be.
        var inParts = Sample(shuffled.Chunk(750).Reverse().SelectMany(p => p), maxTrain: 500, maxTest: 200);

        AssertSame(inOrder.Train, inParts.Train);
        AssertSame(inOrder.Test, inParts.Test);
        Assert.Equal(500, inOrder.Train.Count);
        Assert.Equal(200, inOrder.Test.Count);
    }

    [Fact]
    public void The_sample_is_not_the_first_rows_offered()
    {
        var rows = Rows(3_000, variants: 1);

        var (train, test) = Sample(rows, maxTrain: 500, maxTest: 200);

        // Uniform over the customers: about as many from the second half as from the first.
        Assert.InRange(train.Features.CustomerIds.Count(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) >= 1_500), 200, 300);
        Assert.InRange(test.Features.CustomerIds.Count(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) >= 1_500), 70, 130);
    }

    [Fact]
    public void Held_out_customers_are_about_the_test_share_and_never_on_the_training_side()
    {
        var rows = Rows(4_000, variants: 3);

        var (train, test) = Sample(rows, maxTrain: null, maxTest: null);

        Assert.Equal(12_000, train.Count + test.Count);
        Assert.Empty(train.Features.CustomerIds.Intersect(test.Features.CustomerIds));
        Assert.InRange(test.Features.CustomerIds.Distinct().Count(), 900, 1_100);
        // Every row of a held-out customer is on the test side.
        Assert.All(test.Features.CustomerIds.GroupBy(id => id), g => Assert.Equal(3, g.Count()));
        var sample = new ChurnSample(Columns, 0.25, seed: 4, null, null);
        Assert.All(test.Features.CustomerIds, id => Assert.True(sample.IsHeldOut(id)));
        Assert.All(train.Features.CustomerIds, id => Assert.False(sample.IsHeldOut(id)));
    }

    [Fact]
    public void A_capped_training_side_samples_the_rows_of_every_variant_and_keeps_each_row_with_its_label()
    {
        var rows = Rows(3_000, variants: 2);

        var (full, _) = Sample(rows, maxTrain: null, maxTest: null);
        var (capped, _) = Sample(rows, maxTrain: 600, maxTest: null);

        Assert.Equal(600, capped.Count);
        var fromSecond = Enumerable.Range(0, capped.Count).Count(i => capped.Features[i, 1] == 1);
        Assert.InRange(fromSecond, 240, 360);
        var all = Enumerable.Range(0, full.Count).Select(i => (full.Features.CustomerIds[i], full.Features[i, 0], full.Features[i, 1], full.Churned[i])).ToHashSet();
        Assert.All(Enumerable.Range(0, capped.Count), i => Assert.Contains((capped.Features.CustomerIds[i], capped.Features[i, 0], capped.Features[i, 1], capped.Churned[i]), all));
    }

    [Fact]
    public void Labels_given_after_the_rows_follow_their_customer()
    {
        var sample = new ChurnSample(Columns, 0.25, seed: 4, 100, 100);
        foreach (var (id, variant, values, _) in Rows(1_000, variants: 1))
        {
            sample.Offer(id, variant, values, churned: true);
        }

        sample.Label(id => id.EndsWith('7'));
        var (train, test) = sample.Complete(AsOf, LifetimeTimeUnit.Week, 30);

        Assert.All(Enumerable.Range(0, train.Count), i => Assert.Equal(train.Features.CustomerIds[i].EndsWith('7'), train.Churned[i]));
        Assert.All(Enumerable.Range(0, test.Count), i => Assert.Equal(test.Features.CustomerIds[i].EndsWith('7'), test.Churned[i]));
        Assert.Equal(sample.CustomerIds(), [.. train.Features.CustomerIds, .. test.Features.CustomerIds]);
    }

    [Fact]
    public void Another_seed_draws_other_customers()
    {
        var a = new ChurnSample(Columns, 0.25, seed: 1, null, null);
        var b = new ChurnSample(Columns, 0.25, seed: 2, null, null);
        var ids = Enumerable.Range(0, 2_000).Select(i => $"c{i:D5}").ToArray();

        var heldOutByBoth = ids.Count(id => a.IsHeldOut(id) && b.IsHeldOut(id));

        Assert.InRange(heldOutByBoth, 80, 170);
    }

    private static (ChurnDataset Train, ChurnDataset Test) Sample(
        IEnumerable<(string Id, int Variant, double[] Values, bool Churned)> rows, int? maxTrain, int? maxTest)
    {
        var sample = new ChurnSample(Columns, 0.25, seed: 4, maxTrain, maxTest);
        foreach (var (id, variant, values, churned) in rows)
        {
            if (sample.Admits(id, variant))
            {
                sample.Offer(id, variant, values, churned);
            }
        }

        return sample.Complete(AsOf, LifetimeTimeUnit.Week, 30);
    }

    private static List<(string Id, int Variant, double[] Values, bool Churned)> Rows(int customers, int variants) =>
        [.. Enumerable.Range(0, customers).SelectMany(i => Enumerable.Range(0, variants)
            .Select(v => ($"c{i:D5}", v, new double[] { i * 10 + v, v }, (i + v) % 3 == 0)))];

    private static void AssertSame(ChurnDataset expected, ChurnDataset actual)
    {
        Assert.Equal(expected.Features.CustomerIds, actual.Features.CustomerIds);
        Assert.Equal(expected.Features.Values.ToArray(), actual.Features.Values.ToArray());
        Assert.Equal(expected.Churned, actual.Churned);
    }
}
