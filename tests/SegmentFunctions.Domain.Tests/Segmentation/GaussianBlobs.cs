using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

/// <summary>Seeded synthetic data: well-separated Gaussian blobs with random full covariances.</summary>
internal static class GaussianBlobs
{
    public static (FeatureMatrix Data, int[] Labels) Generate(
        int rows, int dimension, double[] weights, int seed, double minimumSeparation = 12)
    {
        var random = new Random(seed);
        var k = weights.Length;
        var centres = new double[k][];
        for (var c = 0; c < k; c++)
        {
            do
            {
                centres[c] = [.. Enumerable.Range(0, dimension).Select(_ => 10 * Normal(random))];
            }
            while (Enumerable.Range(0, c).Any(o => Distance(centres[o], centres[c]) < minimumSeparation));
        }

        // Covariance A Aᵀ with A = 0.8 I + 0.3 G, G standard normal: correlated, well conditioned.
        var factors = new double[k][];
        for (var c = 0; c < k; c++)
        {
            factors[c] = new double[dimension * dimension];
            for (var i = 0; i < dimension; i++)
            {
                for (var j = 0; j < dimension; j++)
                {
                    factors[c][i * dimension + j] = (i == j ? 0.8 : 0) + 0.3 * Normal(random);
                }
            }
        }

        var values = new double[rows * dimension];
        var labels = new int[rows];
        var z = new double[dimension];
        for (var r = 0; r < rows; r++)
        {
            var u = random.NextDouble();
            var label = 0;
            for (var cumulative = weights[0]; u > cumulative && label < k - 1; cumulative += weights[++label])
            {
            }

            labels[r] = label;
            for (var i = 0; i < dimension; i++)
            {
                z[i] = Normal(random);
            }

            for (var i = 0; i < dimension; i++)
            {
                var value = centres[label][i];
                for (var j = 0; j < dimension; j++)
                {
                    value += factors[label][i * dimension + j] * z[j];
                }

                values[r * dimension + i] = value;
            }
        }

        var names = Enumerable.Range(0, dimension).Select(i => $"f{i}").ToArray();
        return (new FeatureMatrix(values, rows, dimension, names), labels);
    }

    /// <summary>
    /// Equally likely unit-variance blobs with centres uniform in [-10, 10]^d (the layout of scikit-learn's make_blobs):
    /// far apart, so a fit should find exactly <paramref name="clusters"/> segments.
    /// </summary>
    public static (FeatureMatrix Data, int[] Labels) Isotropic(int rows, int dimension, int clusters, int seed)
    {
        var random = new Random(seed);
        var centres = new double[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = -10 + 20 * random.NextDouble();
        }

        var values = new double[rows * dimension];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = random.Next(clusters);
            for (var i = 0; i < dimension; i++)
            {
                values[r * dimension + i] = centres[labels[r] * dimension + i] + Normal(random);
            }
        }

        var names = Enumerable.Range(0, dimension).Select(i => $"f{i}").ToArray();
        return (new FeatureMatrix(values, rows, dimension, names), labels);
    }

    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Distance(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
