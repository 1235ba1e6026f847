namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>The profiles of all segments together with the population they are compared against.</summary>
public sealed record SegmentProfileSet(
    IReadOnlyList<string> ColumnNames,
    int Customers,
    IReadOnlyList<double> PopulationMeans,
    IReadOnlyList<double> PopulationMedians,
    IReadOnlyList<SegmentProfile> Segments)
{
    /// <summary>Index of the named column, or -1.</summary>
    public int IndexOf(string columnName)
    {
        for (var j = 0; j < ColumnNames.Count; j++)
        {
            if (string.Equals(ColumnNames[j], columnName, StringComparison.Ordinal))
            {
                return j;
            }
        }

        return -1;
    }
}
