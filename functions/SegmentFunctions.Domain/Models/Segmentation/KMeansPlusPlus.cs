namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, §6; the variant of scikit-learn's KMeans): each next centre
/// is the best of 2 + ⌊ln k⌋ rows drawn with probability ∝ D(x)², the one that lowers Σ D(x)² the most, which keeps two
/// seeds from landing in the same dense group as often as a single draw does.
/// </summary>
internal static class KMeansPlusPlus
{
    public static double[] Seed(FeatureMatrix data, int k, Random random)
    {
        var d = data.Columns;
        var n = data.Rows;
        var candidates = 2 + (int)Math.Log(k);
        var centres = new double[k * d];
        var distances = new double[n];
        var trial = new double[n];
        var best = new double[n];
        var cumulative = new double[n];
        data.Row(random.Next(n)).CopyTo(centres.AsSpan(0, d));
        for (var r = 0; r < n; r++)
        {
            distances[r] = SquaredDistance(data.Row(r), centres.AsSpan(0, d));
        }

        for (var c = 1; c < k; c++)
        {
            var total = 0.0;
            for (var r = 0; r < n; r++)
            {
                total += distances[r];
                cumulative[r] = total;
            }

            var chosen = -1;
            var bestPotential = double.PositiveInfinity;
            for (var candidate = 0; candidate < candidates; candidate++)
            {
                var row = total > 0 ? Draw(cumulative, distances, random.NextDouble() * total) : random.Next(n);
                var potential = 0.0;
                var centre = data.Row(row);
                for (var r = 0; r < n; r++)
                {
                    trial[r] = Math.Min(distances[r], SquaredDistance(data.Row(r), centre));
                    potential += trial[r];
                }

                if (potential < bestPotential)
                {
                    bestPotential = potential;
                    chosen = row;
                    (best, trial) = (trial, best);
                }
            }

            data.Row(chosen).CopyTo(centres.AsSpan(c * d, d));
            (distances, best) = (best, distances);
        }

        return centres;
    }

    /// <summary>The first row whose cumulative D² reaches the target, skipping rows at distance 0 (already centres).</summary>
    private static int Draw(double[] cumulative, double[] distances, double target)
    {
        var index = Array.BinarySearch(cumulative, target);
        var row = index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
        while (row < cumulative.Length - 1 && distances[row] == 0)
        {
            row++;
        }

        return row;
    }

    public static int[] Assign(FeatureMatrix data, ReadOnlySpan<double> centres, int k)
    {
        var d = data.Columns;
        var labels = new int[data.Rows];
        for (var r = 0; r < data.Rows; r++)
        {
            var best = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = SquaredDistance(data.Row(r), centres.Slice(c * d, d));
                if (distance < best)
                {
                    best = distance;
                    labels[r] = c;
                }
            }
        }

        return labels;
    }

    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var total = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = a[i] - b[i];
            total += difference * difference;
        }

        return total;
    }
}
