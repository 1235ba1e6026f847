namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>k-means++ seeding (Arthur &amp; Vassilvitskii 2007): each next centre is drawn with probability ∝ D(x)².</summary>
internal static class KMeansPlusPlus
{
    public static double[] Seed(FeatureMatrix data, int k, Random random)
    {
        var d = data.Columns;
        var n = data.Rows;
        var centres = new double[k * d];
        var distances = new double[n];
        data.Row(random.Next(n)).CopyTo(centres.AsSpan(0, d));
        for (var r = 0; r < n; r++)
        {
            distances[r] = SquaredDistance(data.Row(r), centres.AsSpan(0, d));
        }

        for (var c = 1; c < k; c++)
        {
            var total = distances.Sum();
            var chosen = random.Next(n);
            if (total > 0)
            {
                var target = random.NextDouble() * total;
                var cumulative = 0.0;
                for (var r = 0; r < n; r++)
                {
                    cumulative += distances[r];
                    if (cumulative >= target && distances[r] > 0)
                    {
                        chosen = r;
                        break;
                    }
                }
            }

            var centre = centres.AsSpan(c * d, d);
            data.Row(chosen).CopyTo(centre);
            for (var r = 0; r < n; r++)
            {
                distances[r] = Math.Min(distances[r], SquaredDistance(data.Row(r), centre));
            }
        }

        return centres;
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
