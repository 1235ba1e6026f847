using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Labels churn: features are the table as of the cut-off T - H; a customer churned when it has no purchase day in
/// (T - H, T] (<see cref="AsOfDays.IsInWindow"/>). Labels come from the documents at T or from known ground truth.
/// </summary>
public static class ChurnLabeler
{
    /// <param name="featuresAtCutoff">Table built as of T - H (its <see cref="TrainingTable.AsOf"/> is the cut-off).</param>
    /// <param name="documentsAtT">Feature documents as of T. A customer without a document at T has no events after
    /// the cut-off either (documents only grow), so it is labelled churned.</param>
    public static ChurnDataset FromDocuments(TrainingTable featuresAtCutoff, IEnumerable<CustomerFeatures> documentsAtT, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(featuresAtCutoff);
        ArgumentNullException.ThrowIfNull(documentsAtT);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var cutoff = featuresAtCutoff.AsOf;
        var end = cutoff.AddDays(horizonDays);
        var bought = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in documentsAtT)
        {
            if (doc.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, cutoff, end)))
            {
                bought.Add(doc.CustomerId);
            }
        }

        return new ChurnDataset(featuresAtCutoff, [.. featuresAtCutoff.CustomerIds.Select(id => !bought.Contains(id))], horizonDays);
    }

    /// <param name="churnedById">Known label per customer id (e.g. synthetic ground truth).</param>
    /// <exception cref="KeyNotFoundException">A customer in the table has no known label.</exception>
    public static ChurnDataset FromKnownLabels(TrainingTable featuresAtCutoff, IReadOnlyDictionary<string, bool> churnedById, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(featuresAtCutoff);
        ArgumentNullException.ThrowIfNull(churnedById);
        var labels = featuresAtCutoff.CustomerIds
            .Select(id => churnedById.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"No churn label for customer '{id}'."))
            .ToArray();
        return new ChurnDataset(featuresAtCutoff, labels, horizonDays);
    }
}
