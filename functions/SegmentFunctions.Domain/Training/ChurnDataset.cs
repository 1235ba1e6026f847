namespace SegmentFunctions.Domain.Training;

/// <summary>Features at the cut-off T - H with churn labels for (T - H, T]: <see cref="Churned"/>[i] belongs to row i.</summary>
public sealed class ChurnDataset
{
    public ChurnDataset(TrainingTable features, bool[] churned, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(churned);
        if (churned.Length != features.RowCount)
        {
            throw new ArgumentException($"Expected {features.RowCount} labels, got {churned.Length}.", nameof(churned));
        }

        Features = features;
        Churned = churned;
        HorizonDays = horizonDays;
    }

    public TrainingTable Features { get; }
    public IReadOnlyList<bool> Churned { get; }
    public int HorizonDays { get; }
    public int Count => Churned.Count;
    public double ChurnRate => Count == 0 ? 0 : Churned.Count(c => c) / (double)Count;

    /// <summary>The given rows with their labels.</summary>
    public ChurnDataset SelectRows(IReadOnlyList<int> rows) =>
        new(Features.SelectRows(rows), [.. rows.Select(i => Churned[i])], HorizonDays);

    /// <summary>The rows of several datasets with the same columns and horizon, pooled (<see cref="TrainingTable.Concat"/>).</summary>
    public static ChurnDataset Concat(IReadOnlyList<ChurnDataset> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Count == 0 || datasets.Any(d => d.HorizonDays != datasets[0].HorizonDays))
        {
            throw new ArgumentException("At least one dataset is needed, all with the same horizon.", nameof(datasets));
        }

        return new ChurnDataset(
            TrainingTable.Concat([.. datasets.Select(d => d.Features)]), [.. datasets.SelectMany(d => d.Churned)], datasets[0].HorizonDays);
    }

    /// <summary>
    /// A seeded split by customer: every row of a held-out customer is in the test share (about
    /// <paramref name="testShare"/> of the customers), so pooled rows of one customer at several cut-offs never sit on
    /// both sides.
    /// </summary>
    public (ChurnDataset Train, ChurnDataset Test) SplitByCustomer(double testShare, int seed)
    {
        if (testShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must be in (0, 1).");
        }

        var customers = Features.CustomerIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(customers);
        var held = customers[..(int)Math.Round(customers.Length * testShare)].ToHashSet(StringComparer.Ordinal);
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            (held.Contains(Features.CustomerIds[i]) ? test : train).Add(i);
        }

        return (SelectRows(train), SelectRows(test));
    }

    /// <summary>A seeded split into train and test rows; the test share is rounded.</summary>
    public (ChurnDataset Train, ChurnDataset Test) Split(double testShare, int seed)
    {
        if (testShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must be in (0, 1).");
        }

        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = (int)Math.Round(Count * testShare);
        return (SelectRows(order[testCount..]), SelectRows(order[..testCount]));
    }
}
