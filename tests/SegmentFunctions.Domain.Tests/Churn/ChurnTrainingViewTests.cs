using Microsoft.ML;
using Microsoft.ML.Data;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Churn;

public sealed class ChurnTrainingViewTests
{
    [Fact]
    public void The_view_yields_every_row_as_labelled_single_precision_features_in_table_order()
    {
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        double[] values = [1.5, -2, 0.1, 1e10, 3, 4];
        var report = TrainingTableBuilder.Report(3, 0, 3, new int[TrainingRowFeaturizer.Width], asOf, [], []);
        var table = new TrainingTable(asOf, LifetimeTimeUnit.Week, ["a", "b", "c"], ["x", "y"], values, report);
        var view = new ChurnTrainingView(table, [true, false, true]);

        var rows = new MLContext(seed: 1).Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToArray();

        Assert.Equal(3L, view.GetRowCount());
        Assert.Equal([true, false, true], rows.Select(r => r.Label));
        Assert.Equal([.. values.Select(v => (float)v)], rows.SelectMany(r => r.Features));
        Assert.Throws<ArgumentException>(() => new ChurnTrainingView(table, [true]));
    }

    private sealed class Row
    {
        [ColumnName(ChurnTrainingView.LabelColumn)]
        public bool Label { get; set; }

        [ColumnName(ChurnTrainingView.FeaturesColumn)]
        public float[] Features { get; set; } = [];
    }
}
