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
