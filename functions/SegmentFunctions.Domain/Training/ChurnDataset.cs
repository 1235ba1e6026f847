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

    /// <summary>
    /// The rows of several datasets with the same columns and horizon (rolling-origin cut-offs) pooled and split by
    /// customer: every row of a held-out customer is in the test share (about <paramref name="testShare"/> of the
    /// distinct customers, seeded), so rows of one customer at several cut-offs never sit on both sides. With
    /// <paramref name="maxTrainRows"/>, the training share is a seeded uniform sample of that many of its rows; only the
    /// rows kept are copied, so the pooled rows are never all in memory twice.
    /// </summary>
    public static (ChurnDataset Train, ChurnDataset Test) PoolAndSplitByCustomer(
        IReadOnlyList<ChurnDataset> datasets, double testShare, int seed, int? maxTrainRows = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ValidateShare(testShare);
        if (datasets.Count == 0 || datasets.Any(d => d.HorizonDays != datasets[0].HorizonDays))
        {
            throw new ArgumentException("At least one dataset is needed, all with the same horizon.", nameof(datasets));
        }

        var random = new Random(seed);
        var customers = datasets.SelectMany(d => d.Features.CustomerIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        random.Shuffle(customers);
        var held = customers[..(int)Math.Round(customers.Length * testShare)].ToHashSet(StringComparer.Ordinal);
        var train = new List<(int Table, int Row)>();
        var test = new List<(int Table, int Row)>();
        for (var t = 0; t < datasets.Count; t++)
        {
            var ids = datasets[t].Features.CustomerIds;
            for (var i = 0; i < ids.Count; i++)
            {
                (held.Contains(ids[i]) ? test : train).Add((t, i));
            }
        }

        if (maxTrainRows is { } cap && train.Count > cap)
        {
            var sample = train.ToArray();
            random.Shuffle(sample);
            train = [.. sample.AsSpan(0, cap).ToArray().Order()];
        }

        return (Gather(datasets, train), Gather(datasets, test));
    }

    /// <summary>
    /// A seeded split into train and test rows; the test share is rounded. With <paramref name="maxTrainRows"/>, the
    /// training share is a uniform sample of that many rows (the split shuffles), copied without the rest.
    /// </summary>
    public (ChurnDataset Train, ChurnDataset Test) Split(double testShare, int seed, int? maxTrainRows = null)
    {
        ValidateShare(testShare);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = (int)Math.Round(Count * testShare);
        var trainEnd = maxTrainRows is { } cap ? Math.Min(Count, testCount + Math.Max(0, cap)) : Count;
        return (SelectRows(order[testCount..trainEnd]), SelectRows(order[..testCount]));
    }

    private static void ValidateShare(double testShare)
    {
        if (testShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must be in (0, 1).");
        }
    }

    private static ChurnDataset Gather(IReadOnlyList<ChurnDataset> datasets, IReadOnlyList<(int Table, int Row)> rows) =>
        new(
            TrainingTable.Gather([.. datasets.Select(d => d.Features)], rows),
            [.. rows.Select(r => datasets[r.Table].Churned[r.Row])],
            datasets[0].HorizonDays);
}
