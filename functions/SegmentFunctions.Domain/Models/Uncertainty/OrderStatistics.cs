namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// The k-th smallest and the k-th largest of a few dozen values, for an interval's bounds among the parameter draws:
/// one pass that keeps the k smallest and the k largest seen so far in two short sorted buffers. After the first few
/// values almost every value is compared twice and inserted nowhere, so it is cheaper than selecting twice by
/// partitioning, whose every step is a branch the processor cannot predict. The values are not reordered.
/// </summary>
internal static class OrderStatistics
{
    // Above this rank (k = 6 for 59 draws, 10 for 99) the buffers go to the heap instead of the stack.
    private const int MaxStackRank = 64;

    /// <param name="k">1-based rank from each end, 1 ≤ k ≤ values.Length.</param>
    public static (double Low, double High) FromBothEnds(ReadOnlySpan<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, values.Length);

        // smallest ascending and largest descending: entry k − 1 of each is the current k-th from its end.
        Span<double> smallest = k <= MaxStackRank ? stackalloc double[k] : new double[k];
        Span<double> largest = k <= MaxStackRank ? stackalloc double[k] : new double[k];
        for (var i = 0; i < k; i++)
        {
            Insert(smallest[..(i + 1)], values[i], ascending: true);
            Insert(largest[..(i + 1)], values[i], ascending: false);
        }

        for (var i = k; i < values.Length; i++)
        {
            var value = values[i];
            if (value < smallest[k - 1])
            {
                Insert(smallest, value, ascending: true);
            }

            if (value > largest[k - 1])
            {
                Insert(largest, value, ascending: false);
            }
        }

        return (smallest[k - 1], largest[k - 1]);
    }

    /// <summary>Puts the value in its place in the sorted buffer, shifting the later entries and dropping the last.</summary>
    private static void Insert(Span<double> sorted, double value, bool ascending)
    {
        var j = sorted.Length - 1;
        while (j > 0 && (ascending ? value < sorted[j - 1] : value > sorted[j - 1]))
        {
            sorted[j] = sorted[j - 1];
            j--;
        }

        sorted[j] = value;
    }
}
