namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>A trained k-means baseline: centroids in standardized space and the training rows' assignments.</summary>
public sealed class KMeansBaselineModel
{
    private readonly double[] _centroids;

    internal KMeansBaselineModel(double[] centroids, int clusters, int dimension, int[] assignments, FeatureMatrix data)
    {
        _centroids = centroids;
        Clusters = clusters;
        Dimension = dimension;
        Assignments = assignments;
        WithinClusterSumOfSquares = ClusteringMetrics.WithinClusterSumOfSquares(data, assignments);
    }

    public int Clusters { get; }
    public int Dimension { get; }

    /// <summary>The nearest centroid of each training row.</summary>
    public IReadOnlyList<int> Assignments { get; }

    public double WithinClusterSumOfSquares { get; }

    public ReadOnlySpan<double> Centroid(int cluster) => _centroids.AsSpan(cluster * Dimension, Dimension);

    public int PredictSegment(ReadOnlySpan<double> standardizedRow)
    {
        if (standardizedRow.Length != Dimension)
        {
            throw new ArgumentException($"Expected a row of {Dimension} features, got {standardizedRow.Length}.", nameof(standardizedRow));
        }

        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var c = 0; c < Clusters; c++)
        {
            var distance = KMeansPlusPlus.SquaredDistance(standardizedRow, Centroid(c));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
