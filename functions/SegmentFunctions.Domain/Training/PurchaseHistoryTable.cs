using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The <see cref="FeatureNames.PurchaseHistory"/> columns of every customer first seen before an earlier cut-off,
/// computed from documents of a later time: the purchase days carry their dates, so the table is exactly what a
/// snapshot at the cut-off would give for those columns. Rolling-origin training rows come from here, so a short
/// history needs no snapshot at each cut-off.
/// </summary>
public static class PurchaseHistoryTable
{
    private static readonly int[] Columns = [.. FeatureNames.PurchaseHistory.Select(n => FeatureNames.All.ToList().IndexOf(n))];

    public static TrainingTable Build(IEnumerable<CustomerFeatures> documents, DateTimeOffset cutoff, LifetimeTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var width = TrainingRowFeaturizer.Width;
        var full = new double[width];
        var imputed = new bool[width];
        var imputedCounts = new int[width];
        var ids = new List<string>();
        var values = new List<double>();
        int read = 0, notYetSeen = 0;
        foreach (var doc in documents)
        {
            read++;
            if (!TrainingRowFeaturizer.IsKnownAt(doc, cutoff))
            {
                notYetSeen++;
                continue;
            }

            TrainingRowFeaturizer.Featurize(doc, cutoff, unit, full, imputed);
            ids.Add(doc.CustomerId);
            foreach (var j in Columns)
            {
                values.Add(full[j]);
                imputedCounts[j] += imputed[j] ? 1 : 0;
            }
        }

        var report = TrainingTableBuilder.Report(read, notYetSeen, ids.Count, imputedCounts, cutoff, [], []);
        return new TrainingTable(cutoff, unit, ids, FeatureNames.PurchaseHistory, [.. values], report);
    }
}
