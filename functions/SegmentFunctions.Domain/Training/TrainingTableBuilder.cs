using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Builds a <see cref="TrainingTable"/> from feature documents as of T: one row per customer first seen before T,
/// columns <see cref="FeatureNames.All"/> (imputation documented there), constant columns dropped with a warning.
/// </summary>
public sealed class TrainingTableBuilder(TrainingTableOptions? options = null)
{
    private readonly TrainingTableOptions _options = options ?? new TrainingTableOptions();

    /// <exception cref="FeaturesNewerThanAsOfException">A document holds events after T.</exception>
    public TrainingTable Build(IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var width = TrainingRowFeaturizer.Width;
        var values = new List<double>();
        var ids = new List<string>();
        var imputedCounts = new int[width];
        Span<double> row = stackalloc double[width];
        Span<bool> imputed = stackalloc bool[width];
        int read = 0, notYetSeen = 0, newer = 0;
        string? newerExample = null;
        foreach (var doc in documents)
        {
            read++;
            if (!TrainingRowFeaturizer.IsKnownAt(doc, asOf))
            {
                notYetSeen++;
                continue;
            }

            if (doc.LastSeenAt > asOf)
            {
                newer++;
                newerExample ??= doc.CustomerId;
                continue;
            }

            TrainingRowFeaturizer.Featurize(doc, asOf, _options.TimeUnit, row, imputed);
            ids.Add(doc.CustomerId);
            foreach (var v in row)
            {
                values.Add(v);
            }

            for (var j = 0; j < width; j++)
            {
                imputedCounts[j] += imputed[j] ? 1 : 0;
            }
        }

        if (newer > 0)
        {
            throw new FeaturesNewerThanAsOfException(newer, newerExample!, asOf);
        }

        var names = FeatureNames.All;
        var dropped = _options.DropConstantColumns && ids.Count > 0 ? ConstantColumns(values, width) : [];
        var constantWarnings = dropped.Select(j => $"Column '{names[j]}' is constant ({values[j]}) in all {ids.Count} rows and was dropped.");
        var report = Report(read, notYetSeen, ids.Count, imputedCounts, asOf, [.. dropped.Select(j => names[j])], constantWarnings);
        var full = new TrainingTable(asOf, _options.TimeUnit, ids, names, [.. values], report);
        return dropped.Count == 0 ? full : full.SelectColumns([.. names.Where((_, j) => !dropped.Contains(j))]);
    }

    /// <summary>
    /// The report of a table of <paramref name="rows"/> rows with every column kept but <paramref name="dropped"/>:
    /// an empty table, and columns imputed in more than half of the rows, are warnings after
    /// <paramref name="droppedWarnings"/>. Shared with builders that fill a table their own way.
    /// </summary>
    public static TrainingTableReport Report(
        int read, int notYetSeen, int rows, IReadOnlyList<int> imputedCounts, DateTimeOffset asOf,
        IReadOnlyList<string> dropped, IEnumerable<string> droppedWarnings)
    {
        ArgumentNullException.ThrowIfNull(imputedCounts);
        ArgumentNullException.ThrowIfNull(dropped);
        ArgumentNullException.ThrowIfNull(droppedWarnings);
        var names = FeatureNames.All;
        var warnings = new List<string>();
        if (rows == 0)
        {
            warnings.Add($"No customer was seen before {asOf:O}; the table is empty.");
        }

        warnings.AddRange(droppedWarnings);
        for (var j = 0; j < names.Count; j++)
        {
            if (rows > 0 && imputedCounts[j] * 2 > rows)
            {
                warnings.Add($"Column '{names[j]}' is imputed in {imputedCounts[j]} of {rows} rows.");
            }
        }

        return new TrainingTableReport(
            read, notYetSeen,
            names.Select((n, j) => (n, j)).ToDictionary(p => p.n, p => imputedCounts[p.j], StringComparer.Ordinal),
            dropped, warnings);
    }

    private static List<int> ConstantColumns(List<double> values, int width)
    {
        var rows = values.Count / width;
        var constant = new List<int>();
        for (var j = 0; j < width; j++)
        {
            var first = values[j];
            var same = true;
            for (var i = 1; i < rows && same; i++)
            {
                same = values[i * width + j] == first;
            }

            if (same)
            {
                constant.Add(j);
            }
        }

        return constant;
    }
}
