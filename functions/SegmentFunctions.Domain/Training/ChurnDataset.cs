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
}
