using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Training;

public sealed class ChurnDatasetTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_capped_split_trains_on_the_first_rows_of_the_uncapped_training_share_and_keeps_the_test_share_whole()
    {
        var data = Dataset("c", 1_000, churnEvery: 3);

        var (train, test) = data.Split(0.25, seed: 7);
        var (capped, cappedTest) = data.Split(0.25, seed: 7, maxTrainRows: 100);

        Assert.Equal(750, train.Count);
        Assert.Equal(100, capped.Count);
        Assert.Equal(train.Features.CustomerIds.Take(100), capped.Features.CustomerIds);
        Assert.Equal(train.Churned.Take(100), capped.Churned);
        Assert.Equal(test.Features.CustomerIds, cappedTest.Features.CustomerIds);
        Assert.Equal(ValuesOf(train.Features).Take(100 * train.Features.ColumnCount), ValuesOf(capped.Features));
    }

    [Fact]
    public void Pooled_rows_split_by_customer_never_put_one_customer_on_both_sides()
    {
        // Three cut-offs holding overlapping customers, as a rolling origin's do.
        var pooled = new[] { Dataset("c", 400, churnEvery: 2), Dataset("c", 300, churnEvery: 3), Dataset("c", 200, churnEvery: 5) };

        var (train, test) = ChurnDataset.PoolAndSplitByCustomer(pooled, 0.25, seed: 3);

        Assert.Equal(900, train.Count + test.Count);
        Assert.Empty(train.Features.CustomerIds.Intersect(test.Features.CustomerIds));
        Assert.Equal(100, test.Features.CustomerIds.Distinct().Count());
        var expected = pooled.SelectMany(d => d.Features.CustomerIds.Select((id, i) => (id, d.Churned[i], d.Features[i, 0])))
            .Where(r => !test.Features.CustomerIds.Contains(r.id)).ToArray();
        Assert.Equal(expected, train.Features.CustomerIds.Select((id, i) => (id, train.Churned[i], train.Features[i, 0])));
    }

    [Fact]
    public void A_capped_pooled_split_samples_its_training_rows_from_every_cut_off()
    {
        var first = Dataset("c", 1_000, churnEvery: 2, value: 1);
        var second = Dataset("c", 1_000, churnEvery: 2, value: 2);

        var (full, test) = ChurnDataset.PoolAndSplitByCustomer([first, second], 0.2, seed: 11);
        var (sample, sampleTest) = ChurnDataset.PoolAndSplitByCustomer([first, second], 0.2, seed: 11, maxTrainRows: 400);

        Assert.Equal(1_600, full.Count);
        Assert.Equal(400, sample.Count);
        Assert.Equal(test.Features.CustomerIds, sampleTest.Features.CustomerIds);
        // A uniform sample of the pooled rows, not the first cut-off's rows: both cut-offs are about equally present.
        var fromSecond = Enumerable.Range(0, sample.Count).Count(i => sample.Features[i, 0] == 2);
        Assert.InRange(fromSecond, 150, 250);
        var rows = full.Features.CustomerIds.Select((id, i) => (id, full.Features[i, 0])).ToHashSet();
        Assert.All(Enumerable.Range(0, sample.Count), i => Assert.Contains((sample.Features.CustomerIds[i], sample.Features[i, 0]), rows));
        Assert.Equal(400, Enumerable.Range(0, sample.Count).Select(i => (sample.Features.CustomerIds[i], sample.Features[i, 0])).Distinct().Count());
    }

    private static ChurnDataset Dataset(string prefix, int rows, int churnEvery, double value = 0)
    {
        string[] columns = ["v", "row"];
        var ids = Enumerable.Range(0, rows).Select(i => $"{prefix}{i:D5}").ToArray();
        var values = Enumerable.Range(0, rows).SelectMany(i => new[] { value, i }).ToArray();
        var report = TrainingTableBuilder.Report(rows, 0, rows, new int[TrainingRowFeaturizer.Width], AsOf, [], []);
        var table = new TrainingTable(AsOf, LifetimeTimeUnit.Week, ids, columns, values, report);
        return new ChurnDataset(table, [.. Enumerable.Range(0, rows).Select(i => i % churnEvery == 0)], horizonDays: 30);
    }

    private static double[] ValuesOf(TrainingTable table) => table.Values.ToArray();
}
