namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Fits a variational Bayesian Gaussian mixture with full covariances (Bishop, PRML §10.2) by coordinate ascent on
/// the ELBO, from k-means++ seeds, keeping the best of several restarts. The effective number of components follows
/// from the data: components the posterior empties are pruned from the returned model.
/// </summary>
public sealed class VariationalGaussianMixtureTrainer(VariationalGaussianMixtureOptions options)
{
    private readonly VariationalGaussianMixtureOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <param name="data">Standardized features (see <see cref="FeatureScaler"/>): at least two rows and one column, all finite.</param>
    /// <remarks>With fewer rows than MaxComponents, the number of components is clipped to the row count.</remarks>
    public VariationalGaussianMixtureModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        if (data.Columns == 0)
        {
            throw new ArgumentException(
                "The feature matrix has no columns (were all features constant and dropped by the scaler?).", nameof(data));
        }

        if (data.Rows < 2)
        {
            throw new ArgumentException($"A mixture needs at least 2 rows; got {data.Rows}.", nameof(data));
        }

        data.EnsureFinite(nameof(data));
        var components = Math.Min(_options.MaxComponents, data.Rows);
        var prior = NormalWishartPrior.FromData(data, _options, components);
        Restart? best = null;
        for (var restart = 0; restart < _options.Restarts; restart++)
        {
            var fit = FitOnce(data, prior, components, _options.Seed + restart * 7919, cancellationToken);
            if (best is null || fit.Bound > best.Bound)
            {
                best = fit;
            }
        }

        var model = VariationalGaussianMixtureModel.FromPosterior(
            best!.Posterior, best.Bound, best.History, best.Converged, _options.MinimumWeight);
        return PruneSmallComponents(data, model, cancellationToken);
    }

    /// <summary>
    /// Refines an existing segmentation instead of exploring from random seeds: one fit started from
    /// <paramref name="initialLabels"/> (e.g. a previous model's segments of the same customers), so that retraining on
    /// similar data converges to the nearby optimum and segments change only as much as the data does.
    /// </summary>
    /// <param name="initialLabels">Starting component of each row, in 0..MaxComponents-1 (clipped to the row count).</param>
    public VariationalGaussianMixtureModel FitFrom(FeatureMatrix data, ReadOnlySpan<int> initialLabels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        if (data.Columns == 0 || data.Rows < 2)
        {
            throw new ArgumentException($"A mixture needs at least 2 rows and one column; got {data.Rows} x {data.Columns}.", nameof(data));
        }

        var components = Math.Min(_options.MaxComponents, data.Rows);
        if (initialLabels.Length != data.Rows)
        {
            throw new ArgumentException($"{initialLabels.Length} initial labels for {data.Rows} rows.", nameof(initialLabels));
        }

        foreach (var label in initialLabels)
        {
            if ((uint)label >= (uint)components)
            {
                throw new ArgumentException($"Initial label {label} is outside 0..{components - 1}.", nameof(initialLabels));
            }
        }

        data.EnsureFinite(nameof(data));
        var prior = NormalWishartPrior.FromData(data, _options, components);
        var fit = FitFrom(data, prior, components, SufficientStatistics.FromLabels(data, initialLabels, components), cancellationToken);
        var model = VariationalGaussianMixtureModel.FromPosterior(fit.Posterior, fit.Bound, fit.History, fit.Converged, _options.MinimumWeight);
        return PruneSmallComponents(data, model, cancellationToken);
    }

    /// <summary>
    /// The expected weights of a variational mixture can keep a component that wins almost no rows by hard assignment
    /// (e.g. a narrow component on a spike of identical values), which is not a usable segment. Such components are
    /// removed one round at a time: their rows go to their most probable remaining component and the mixture is refitted
    /// from those labels, until every component holds at least the minimum share and size.
    /// </summary>
    private VariationalGaussianMixtureModel PruneSmallComponents(
        FeatureMatrix data, VariationalGaussianMixtureModel model, CancellationToken cancellationToken)
    {
        var floor = Math.Max(_options.MinimumComponentSize, (int)Math.Ceiling(_options.MinimumWeight * data.Rows));
        var probabilities = new double[_options.MaxComponents];
        while (model.Components > _options.MinimumComponents)
        {
            var labels = model.PredictSegments(data);
            var sizes = new int[model.Components];
            foreach (var label in labels)
            {
                sizes[label]++;
            }

            var keep = Enumerable.Range(0, model.Components).Where(k => sizes[k] >= floor).ToArray();
            if (keep.Length == model.Components)
            {
                return model;
            }

            if (keep.Length < _options.MinimumComponents)
            {
                keep = [.. Enumerable.Range(0, model.Components).OrderByDescending(k => sizes[k]).Take(_options.MinimumComponents).Order()];
            }

            var newIndex = Enumerable.Repeat(-1, model.Components).ToArray();
            for (var c = 0; c < keep.Length; c++)
            {
                newIndex[keep[c]] = c;
            }

            for (var r = 0; r < labels.Length; r++)
            {
                if (newIndex[labels[r]] < 0)
                {
                    model.PredictProbabilities(data.Row(r), probabilities.AsSpan(0, model.Components));
                    labels[r] = keep.MaxBy(k => probabilities[k]);
                }

                labels[r] = newIndex[labels[r]];
            }

            var prior = NormalWishartPrior.FromData(data, _options, keep.Length);
            var fit = FitFrom(data, prior, keep.Length, SufficientStatistics.FromLabels(data, labels, keep.Length), cancellationToken);
            model = VariationalGaussianMixtureModel.FromPosterior(fit.Posterior, fit.Bound, fit.History, fit.Converged, _options.MinimumWeight);
        }

        return model;
    }

    private Restart FitOnce(FeatureMatrix data, NormalWishartPrior prior, int components, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var centres = KMeansPlusPlus.Seed(data, components, random);
        var stats = SufficientStatistics.FromLabels(data, KMeansPlusPlus.Assign(data, centres, components), components);
        return FitFrom(data, prior, components, stats, cancellationToken);
    }

    private Restart FitFrom(FeatureMatrix data, NormalWishartPrior prior, int components, SufficientStatistics stats, CancellationToken cancellationToken)
    {
        var posterior = new MixturePosterior(prior, components);
        posterior.Update(stats);
        var history = new List<double> { posterior.LowerBound(stats) };
        var converged = false;
        for (var iteration = 0; iteration < _options.MaxIterations && !converged; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stats = VariationalEStep.Run(data, posterior.ToEStepParameters(), cancellationToken: cancellationToken);
            posterior.Update(stats);
            var bound = posterior.LowerBound(stats);
            converged = Math.Abs(bound - history[^1]) <= _options.RelativeTolerance * Math.Abs(bound);
            history.Add(bound);
        }

        return new Restart(posterior, history[^1], history, converged);
    }

    private sealed record Restart(MixturePosterior Posterior, double Bound, List<double> History, bool Converged);
}
