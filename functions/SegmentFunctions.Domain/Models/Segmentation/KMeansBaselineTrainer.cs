using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>The k-means baseline: ML.NET's <see cref="KMeansTrainer"/> (k-means++ initialisation) on standardized features.</summary>
public sealed class KMeansBaselineTrainer(int clusters, int seed = 42, int maxIterations = 1_000)
{
    public KMeansBaselineModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (clusters < 1)
        {
            throw new ArgumentException($"The number of clusters must be at least 1 (was {clusters}).");
        }

        if (data.Rows < clusters || data.Columns == 0)
        {
            throw new ArgumentException(
                $"k-means with {clusters} clusters needs at least {clusters} rows and one column; got {data.Rows} x {data.Columns}.",
                nameof(data));
        }

        data.EnsureFinite(nameof(data));
        var d = data.Columns;
        var context = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(KMeansRow));
        schema[nameof(KMeansRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        var rows = Enumerable.Range(0, data.Rows)
            .Select(r => new KMeansRow { Features = [.. data.Values.AsSpan(r * d, d).ToArray().Select(v => (float)v)] });
        var view = context.Data.LoadFromEnumerable(rows, schema);
        var trainer = context.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(KMeansRow.Features),
            NumberOfClusters = clusters,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = maxIterations,
        });
        var transformer = trainer.Fit(view);
        VBuffer<float>[] centroidBuffers = [];
        transformer.Model.GetClusterCentroids(ref centroidBuffers, out var k);
        var centroids = new double[k * d];
        for (var c = 0; c < k; c++)
        {
            var dense = centroidBuffers[c].DenseValues().ToArray();
            for (var i = 0; i < d; i++)
            {
                centroids[c * d + i] = dense[i];
            }
        }

        return new KMeansBaselineModel(centroids, k, d, KMeansPlusPlus.Assign(data, centroids, k), data);
    }

    internal sealed class KMeansRow
    {
        public float[] Features { get; set; } = [];
    }
}
