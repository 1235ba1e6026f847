namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Model selection over a range of K: ELBO and BIC of the variational mixture, silhouette (sampled), Calinski-Harabasz,
/// Davies-Bouldin and the within-cluster sum of squares (elbow curve).
/// </summary>
public sealed class ModelSelectionReport
{
    private ModelSelectionReport(IReadOnlyList<ModelSelectionRow> rows) => Rows = rows;

    public IReadOnlyList<ModelSelectionRow> Rows { get; }

    /// <summary>The row with the highest ELBO (the variational evidence approximation).</summary>
    public ModelSelectionRow BestByElbo => Rows.MaxBy(r => r.Elbo)!;

    /// <summary>The row with the lowest BIC.</summary>
    public ModelSelectionRow BestByBic => Rows.MinBy(r => r.Bic)!;

    /// <param name="options">Mixture options; MaxComponents is replaced by each K of the range.</param>
    /// <param name="silhouetteRows">Silhouette is computed on a seeded sample of at most this many rows.</param>
    public static ModelSelectionReport Evaluate(
        FeatureMatrix standardized, int minComponents, int maxComponents, VariationalGaussianMixtureOptions options,
        int silhouetteRows = 2_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        ArgumentNullException.ThrowIfNull(options);
        if (minComponents < 1 || maxComponents < minComponents)
        {
            throw new ArgumentException($"Invalid component range {minComponents}..{maxComponents}.");
        }

        var rows = new List<ModelSelectionRow>();
        for (var k = minComponents; k <= maxComponents; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions
            {
                MaxComponents = k,
                WeightPrior = options.WeightPrior,
                WeightConcentration = options.WeightConcentration,
                MeanPrecision = options.MeanPrecision,
                DegreesOfFreedom = options.DegreesOfFreedom,
                CovarianceRegularization = options.CovarianceRegularization,
                Restarts = options.Restarts,
                MaxIterations = options.MaxIterations,
                Tolerance = options.Tolerance,
                MergeInterval = options.MergeInterval,
                MinimumWeight = options.MinimumWeight,
                Seed = options.Seed,
            }).Fit(standardized, cancellationToken);
            var labels = model.PredictSegments(standardized);
            rows.Add(new ModelSelectionRow(
                k,
                model.Components,
                model.Elbo,
                model.BayesianInformationCriterion(standardized),
                ClusteringMetrics.Silhouette(standardized, labels, silhouetteRows, options.Seed),
                ClusteringMetrics.CalinskiHarabasz(standardized, labels),
                ClusteringMetrics.DaviesBouldin(standardized, labels),
                ClusteringMetrics.WithinClusterSumOfSquares(standardized, labels)));
        }

        return new ModelSelectionReport(rows);
    }
}
