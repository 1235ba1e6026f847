namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// External and internal clustering quality measures. Labels are any integers; internal measures on fewer than two
/// clusters (or as many clusters as rows) are undefined and return <see cref="double.NaN"/>.
/// </summary>
public static class ClusteringMetrics
{
    /// <summary>
    /// Adjusted Rand Index (Hubert &amp; Arabie 1985): (Σ_ij C(n_ij,2) - E) / (½(Σ_i C(a_i,2) + Σ_j C(b_j,2)) - E),
    /// E = Σ_i C(a_i,2) Σ_j C(b_j,2) / C(n,2). 1 for identical partitions, about 0 for independent ones.
    /// </summary>
    public static double AdjustedRandIndex(ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"The labelings have {first.Length} and {second.Length} entries.");
        }

        var n = first.Length;
        var cells = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            cells[(first[i], second[i])] = cells.GetValueOrDefault((first[i], second[i])) + 1;
            rows[first[i]] = rows.GetValueOrDefault(first[i]) + 1;
            columns[second[i]] = columns.GetValueOrDefault(second[i]) + 1;
        }

        var index = cells.Values.Sum(Pairs);
        var rowPairs = rows.Values.Sum(Pairs);
        var columnPairs = columns.Values.Sum(Pairs);
        var expected = rowPairs * columnPairs / Pairs(n);
        var maximum = 0.5 * (rowPairs + columnPairs);
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }

    /// <summary>
    /// Mean silhouette (Rousseeuw 1987) s = (b - a) / max(a, b), 0 for members of singleton clusters; computed on a
    /// seeded sample of at most <paramref name="maxRows"/> rows, with distances among the sampled rows only.
    /// </summary>
    public static double Silhouette(FeatureMatrix data, ReadOnlySpan<int> labels, int maxRows = 2_000, int seed = 0)
    {
        var compact = Compact(data, labels, out var k);
        var rows = Enumerable.Range(0, data.Rows).ToArray();
        if (data.Rows > maxRows)
        {
            new Random(seed).Shuffle(rows);
            rows = rows[..maxRows];
        }

        var sampledLabels = rows.Select(r => compact[r]).ToArray();
        var sampledClusters = sampledLabels.Distinct().Count();
        if (sampledClusters < 2 || sampledClusters >= rows.Length)
        {
            return double.NaN;
        }

        var sizes = new int[k];
        foreach (var label in sampledLabels)
        {
            sizes[label]++;
        }

        var total = 0.0;
        var distanceSums = new double[k];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Clear(distanceSums);
            var x = data.Row(rows[i]);
            for (var j = 0; j < rows.Length; j++)
            {
                distanceSums[sampledLabels[j]] += Math.Sqrt(KMeansPlusPlus.SquaredDistance(x, data.Row(rows[j])));
            }

            var own = sampledLabels[i];
            if (sizes[own] == 1)
            {
                continue;
            }

            var a = distanceSums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, distanceSums[c] / sizes[c]);
                }
            }

            total += (b - a) / Math.Max(a, b);
        }

        return total / rows.Length;
    }

    /// <summary>Calinski-Harabasz (1974): [tr(B) / (k - 1)] / [tr(W) / (n - k)]; higher is better.</summary>
    public static double CalinskiHarabasz(FeatureMatrix data, ReadOnlySpan<int> labels)
    {
        var compact = Compact(data, labels, out var k);
        if (k < 2 || k >= data.Rows)
        {
            return double.NaN;
        }

        var (centroids, sizes) = Centroids(data, compact, k);
        var mean = new double[data.Columns];
        for (var c = 0; c < k; c++)
        {
            for (var i = 0; i < data.Columns; i++)
            {
                mean[i] += centroids[c][i] * sizes[c] / data.Rows;
            }
        }

        var between = 0.0;
        for (var c = 0; c < k; c++)
        {
            between += sizes[c] * KMeansPlusPlus.SquaredDistance(centroids[c], mean);
        }

        var within = WithinClusterSumOfSquares(data, labels);
        return within == 0 ? double.PositiveInfinity : between / (k - 1) / (within / (data.Rows - k));
    }

    /// <summary>
    /// Davies-Bouldin (1979): mean over clusters of max_j (s_i + s_j) / ‖c_i - c_j‖, s_i the mean distance of the
    /// members to their centroid; lower is better.
    /// </summary>
    public static double DaviesBouldin(FeatureMatrix data, ReadOnlySpan<int> labels)
    {
        var compact = Compact(data, labels, out var k);
        if (k < 2)
        {
            return double.NaN;
        }

        var (centroids, sizes) = Centroids(data, compact, k);
        var scatter = new double[k];
        for (var r = 0; r < data.Rows; r++)
        {
            scatter[compact[r]] += Math.Sqrt(KMeansPlusPlus.SquaredDistance(data.Row(r), centroids[compact[r]]));
        }

        for (var c = 0; c < k; c++)
        {
            scatter[c] /= sizes[c];
        }

        var total = 0.0;
        for (var i = 0; i < k; i++)
        {
            var worst = 0.0;
            for (var j = 0; j < k; j++)
            {
                if (j != i)
                {
                    var separation = Math.Sqrt(KMeansPlusPlus.SquaredDistance(centroids[i], centroids[j]));
                    worst = Math.Max(worst, separation == 0 ? double.PositiveInfinity : (scatter[i] + scatter[j]) / separation);
                }
            }

            total += worst;
        }

        return total / k;
    }

    /// <summary>Σ_n ‖x_n - c_{label(n)}‖², the k-means objective (the elbow curve).</summary>
    public static double WithinClusterSumOfSquares(FeatureMatrix data, ReadOnlySpan<int> labels)
    {
        var compact = Compact(data, labels, out var k);
        var (centroids, _) = Centroids(data, compact, k);
        var total = 0.0;
        for (var r = 0; r < data.Rows; r++)
        {
            total += KMeansPlusPlus.SquaredDistance(data.Row(r), centroids[compact[r]]);
        }

        return total;
    }

    private static double Pairs(long count) => count * (count - 1) / 2.0;

    private static int[] Compact(FeatureMatrix data, ReadOnlySpan<int> labels, out int clusters)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (labels.Length != data.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {data.Rows} rows.", nameof(labels));
        }

        var map = new Dictionary<int, int>();
        var compact = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out var index))
            {
                index = map.Count;
                map[labels[i]] = index;
            }

            compact[i] = index;
        }

        clusters = map.Count;
        return compact;
    }

    private static (double[][] Centroids, int[] Sizes) Centroids(FeatureMatrix data, int[] compact, int k)
    {
        var centroids = new double[k][];
        var sizes = new int[k];
        for (var c = 0; c < k; c++)
        {
            centroids[c] = new double[data.Columns];
        }

        for (var r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            sizes[compact[r]]++;
            for (var i = 0; i < data.Columns; i++)
            {
                centroids[compact[r]][i] += row[i];
            }
        }

        for (var c = 0; c < k; c++)
        {
            for (var i = 0; i < data.Columns; i++)
            {
                centroids[c][i] /= sizes[c];
            }
        }

        return (centroids, sizes);
    }
}
