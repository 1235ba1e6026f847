using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The lifetime model's view of each customer as classifier features (<see cref="FeatureNames.Lifetime"/>): BG/NBD's
/// expected purchases in the classifier's horizon and its probability alive, from the row's x, t_x and T. A churn
/// classifier given them starts from what BG/NBD knows and learns only what the other columns add.
/// </summary>
public static class LifetimeFeatures
{
    /// <summary>The two values for one customer; <paramref name="horizon"/> is in the model's time unit.</summary>
    public static (double ExpectedPurchases, double ProbabilityAlive) Of(BgNbdModel model, double horizon, int x, double tx, double age)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (model.ExpectedPurchases(horizon, x, tx, age), model.ProbabilityAlive(x, tx, age));
    }

    /// <summary>
    /// The table with <see cref="FeatureNames.Lifetime"/> appended, from <paramref name="model"/> fitted as of the
    /// table's time.
    /// </summary>
    /// <param name="horizonDays">The churn horizon the expected purchases are counted over.</param>
    public static TrainingTable Append(TrainingTable table, BgNbdModel model, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(model);
        var horizon = horizonDays / table.TimeUnit.Days();
        var x = table.Column(FeatureNames.Frequency);
        var tx = table.Column(FeatureNames.BgNbdTx);
        var age = table.Column(FeatureNames.BgNbdT);
        var width = table.ColumnCount + FeatureNames.Lifetime.Count;
        var values = new double[table.RowCount * width];
        for (var i = 0; i < table.RowCount; i++)
        {
            table.Row(i).CopyTo(values.AsSpan(i * width, table.ColumnCount));
            var (expected, alive) = Of(model, horizon, (int)x[i], tx[i], age[i]);
            values[(i * width) + table.ColumnCount] = expected;
            values[(i * width) + table.ColumnCount + 1] = alive;
        }

        return new TrainingTable(table.AsOf, table.TimeUnit, table.CustomerIds, [.. table.ColumnNames, .. FeatureNames.Lifetime], values, table.Report);
    }
}
