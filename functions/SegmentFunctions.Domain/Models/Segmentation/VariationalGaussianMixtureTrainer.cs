namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Fits a variational Bayesian Gaussian mixture with full covariances (Bishop, PRML §10.2) by coordinate ascent on
/// the ELBO, from greedy k-means++ seeds, keeping the best of several restarts. The effective number of components
/// follows from the data: merge moves accepted only when they raise the ELBO join components that share one group, and
/// components the posterior empties are pruned from the returned model.
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
            best!.Posterior, components, best.Bound, best.History, best.Converged, _options.MinimumWeight);
        return PruneSmallComponents([data], model, cancellationToken);
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
        var fit = Refit([data], [initialLabels.ToArray()], components, cancellationToken);
        var model = VariationalGaussianMixtureModel.FromPosterior(
            fit.Posterior, components, fit.Bound, fit.History, fit.Converged, _options.MinimumWeight);
        return PruneSmallComponents([data], model, cancellationToken);
    }

    /// <summary>
    /// <see cref="FitFrom(FeatureMatrix, ReadOnlySpan{int}, CancellationToken)"/> with the rows in shards: each E-step
    /// runs shard by shard, and the shards' <see cref="MixtureShardStatistics"/> are combined for the M-step, so only
    /// the statistics, never the rows, need to meet. The same fit as on the rows in one matrix, up to rounding.
    /// </summary>
    /// <param name="shards">Standardized features, all with the same columns; together at least two rows.</param>
    /// <param name="initialLabels">Per shard, the starting component of each of its rows, in 0..MaxComponents-1 (clipped to the row count).</param>
    public VariationalGaussianMixtureModel FitFrom(
        IReadOnlyList<FeatureMatrix> shards, IReadOnlyList<int[]> initialLabels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(initialLabels);
        _options.Validate();
        var rows = shards.Sum(s => s.Rows);
        if (shards.Count == 0 || shards[0].Columns == 0 || rows < 2 || shards.Any(s => s.Columns != shards[0].Columns))
        {
            throw new ArgumentException("A mixture needs shards with the same columns, at least one, and at least 2 rows in all.", nameof(shards));
        }

        if (initialLabels.Count != shards.Count)
        {
            throw new ArgumentException($"{initialLabels.Count} label arrays for {shards.Count} shards.", nameof(initialLabels));
        }

        var components = Math.Min(_options.MaxComponents, rows);
        for (var s = 0; s < shards.Count; s++)
        {
            if (initialLabels[s].Length != shards[s].Rows || initialLabels[s].Any(label => (uint)label >= (uint)components))
            {
                throw new ArgumentException(
                    $"Shard {s} has {shards[s].Rows} rows; it needs as many initial labels, each in 0..{components - 1}.", nameof(initialLabels));
            }

            shards[s].EnsureFinite(nameof(shards));
        }

        var fit = Refit(shards, initialLabels, components, cancellationToken);
        var model = VariationalGaussianMixtureModel.FromPosterior(
            fit.Posterior, components, fit.Bound, fit.History, fit.Converged, _options.MinimumWeight);
        return PruneSmallComponents(shards, model, cancellationToken);
    }

    /// <summary>A fit from labels: the prior and starting statistics of all the rows, then <see cref="Iterate"/>.</summary>
    private Restart Refit(IReadOnlyList<FeatureMatrix> shards, IReadOnlyList<int[]> labels, int components, CancellationToken cancellationToken)
    {
        var rows = shards.Sum(s => s.Rows);
        if (shards.Count == 1)
        {
            var data = shards[0];
            var prior = NormalWishartPrior.FromData(data, _options, components);
            return Iterate(rows, prior, SufficientStatistics.FromLabels(data, labels[0], components), Whole(data, cancellationToken), cancellationToken);
        }

        var everything = MixtureShardStatistics.Combine(
            shards.Select(s => MixtureShardStatistics.From(SufficientStatistics.FromLabels(s, new int[s.Rows], 1))));
        var shardPrior = NormalWishartPrior.FromMoments(everything.Means.ToArray(), everything.Scatters.Select(v => v / rows).ToArray(), _options, components);
        var start = MixtureShardStatistics.Combine(
            shards.Select((s, i) => MixtureShardStatistics.From(SufficientStatistics.FromLabels(s, labels[i], components))));
        return Iterate(rows, shardPrior, start.ToSufficientStatistics(), Sharded(shards, cancellationToken), cancellationToken);
    }

    private static EStep Whole(FeatureMatrix data, CancellationToken cancellationToken) =>
        (parameters, pairEntropies) => VariationalEStep.Run(data, parameters, pairEntropies: pairEntropies, cancellationToken: cancellationToken);

    /// <summary>
    /// The shards' E-steps run side by side (each also parallel over its rows) and their statistics are combined in
    /// shard order, so the result does not depend on which finishes first.
    /// </summary>
    private static EStep Sharded(IReadOnlyList<FeatureMatrix> shards, CancellationToken cancellationToken) =>
        (parameters, pairEntropies) =>
        {
            var statistics = new MixtureShardStatistics[shards.Count];
            Parallel.For(0, shards.Count, new ParallelOptions { CancellationToken = cancellationToken }, s =>
                statistics[s] = MixtureShardStatistics.From(
                    VariationalEStep.Run(shards[s], parameters, pairEntropies: pairEntropies, cancellationToken: cancellationToken)));
            return MixtureShardStatistics.Combine(statistics).ToSufficientStatistics();
        };

    /// <summary>One E-step over all the rows: the statistics of their responsibilities under the given parameters.</summary>
    private delegate SufficientStatistics EStep(EStepParameters parameters, bool pairEntropies);

    /// <summary>
    /// The expected weights of a variational mixture can keep a component that wins almost no rows by hard assignment
    /// (e.g. a narrow component on a spike of identical values), which is not a usable segment. Such components are
    /// removed one round at a time: their rows go to their most probable remaining component and the mixture is refitted
    /// from those labels, until every component holds at least the minimum share and size.
    /// </summary>
    private VariationalGaussianMixtureModel PruneSmallComponents(
        IReadOnlyList<FeatureMatrix> shards, VariationalGaussianMixtureModel model, CancellationToken cancellationToken)
    {
        var rows = shards.Sum(s => s.Rows);
        var floor = Math.Max(_options.MinimumComponentSize, (int)Math.Ceiling(_options.MinimumWeight * rows));
        var probabilities = new double[_options.MaxComponents];
        while (model.Components > _options.MinimumComponents)
        {
            var labels = shards.Select(model.PredictSegments).ToArray();
            var sizes = new int[model.Components];
            foreach (var label in labels.SelectMany(l => l))
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

            for (var s = 0; s < shards.Count; s++)
            {
                var shardLabels = labels[s];
                for (var r = 0; r < shardLabels.Length; r++)
                {
                    if (newIndex[shardLabels[r]] < 0)
                    {
                        model.PredictProbabilities(shards[s].Row(r), probabilities.AsSpan(0, model.Components));
                        shardLabels[r] = keep.MaxBy(k => probabilities[k]);
                    }

                    shardLabels[r] = newIndex[shardLabels[r]];
                }
            }

            var fit = Refit(shards, labels, keep.Length, cancellationToken);
            model = VariationalGaussianMixtureModel.FromPosterior(
                fit.Posterior, model.MaxComponents, fit.Bound, fit.History, fit.Converged, _options.MinimumWeight);
        }

        return model;
    }

    private Restart FitOnce(FeatureMatrix data, NormalWishartPrior prior, int components, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var centres = KMeansPlusPlus.Seed(data, components, random);
        var stats = SufficientStatistics.FromLabels(data, KMeansPlusPlus.Assign(data, centres, components), components);
        return Iterate(data.Rows, prior, stats, Whole(data, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Coordinate ascent from the given statistics, with merge moves: every
    /// <see cref="VariationalGaussianMixtureOptions.MergeInterval"/> iterations, and once the bound stalls (its change
    /// per row below <see cref="VariationalGaussianMixtureOptions.Tolerance"/>), the E-step also records every pair's
    /// merged responsibility entropy and merges that raise the bound are applied (<see cref="TryMerges"/>). Without
    /// them, a group that two components share goes to one of them only as fast as the weight prior tips the balance,
    /// hundreds of iterations of small gains; the fit ends when the bound stalls and no merge raises it.
    /// </summary>
    private Restart Iterate(int rows, NormalWishartPrior prior, SufficientStatistics stats, EStep eStep, CancellationToken cancellationToken)
    {
        var tolerance = _options.Tolerance * rows;
        stats = stats.Select(ByDecreasingCount(stats));
        var posterior = new MixturePosterior(prior, stats.Components);
        posterior.Update(stats);
        var history = new List<double> { posterior.LowerBound(stats) };
        var converged = false;
        var checkMerges = false;
        for (var iteration = 0; iteration < _options.MaxIterations && !converged; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stats = eStep(posterior.ToEStepParameters(), checkMerges);
            posterior.Update(stats);
            var bound = posterior.LowerBound(stats);
            var stalled = Math.Abs(bound - history[^1]) <= tolerance;
            history.Add(bound);
            if (checkMerges && TryMerges(prior, stats, bound) is { } merged)
            {
                posterior = merged.Posterior;
                history.Add(merged.Bound);
                checkMerges = false;
                continue;
            }

            var canMerge = _options.MergeInterval > 0 && posterior.Components > 1;
            converged = stalled && (checkMerges || !canMerge);
            checkMerges = canMerge && (stalled || (iteration + 1) % _options.MergeInterval == 0);
        }

        return new Restart(posterior, history[^1], history, converged);
    }

    /// <summary>
    /// Greedy merge moves (Hughes &amp; Sudderth 2013, "Memoized online variational inference for Dirichlet process
    /// mixture models", §4): for each pair of components the bound L(q') of the responsibilities with the pair's
    /// columns added (q(Z) merged, then the optimal q(π) q(μ, Λ) by the M-step) is exact from the summed statistics and
    /// the pair's Σ s ln s; the best merge that raises the bound is taken, then the best among the untouched
    /// components on top of it, and so on. Components are kept in decreasing order of N_k, the order that favours the
    /// stick-breaking weights (Kurihara, Welling &amp; Teh 2007), and emptied ones are dropped. Null when no merge
    /// raises the bound.
    /// </summary>
    private static MergeResult? TryMerges(NormalWishartPrior prior, SufficientStatistics stats, double bound)
    {
        MergeResult? result = null;
        var current = stats;
        var touched = new bool[stats.Components];
        while (true)
        {
            MergeResult? best = null;
            (int Target, int Source) bestPair = default;
            for (var a = 0; a < stats.Components; a++)
            {
                for (var b = a + 1; b < stats.Components && !touched[a]; b++)
                {
                    if (touched[b])
                    {
                        continue;
                    }

                    var candidate = Evaluate(prior, current.Merge(a, b));
                    if (candidate.Bound > (best?.Bound ?? result?.Bound ?? bound))
                    {
                        best = candidate;
                        bestPair = (a, b);
                    }
                }
            }

            if (best is null)
            {
                return result;
            }

            touched[bestPair.Target] = touched[bestPair.Source] = true;
            current = current.Merge(bestPair.Target, bestPair.Source);
            result = best;
        }
    }

    private static MergeResult Evaluate(NormalWishartPrior prior, SufficientStatistics merged)
    {
        var kept = merged.Select(ByDecreasingCount(merged));
        var posterior = new MixturePosterior(prior, kept.Components);
        posterior.Update(kept);
        return new MergeResult(posterior, posterior.LowerBound(kept));
    }

    /// <summary>The components with any responsibility, most responsible first.</summary>
    private static int[] ByDecreasingCount(SufficientStatistics stats) =>
        [.. Enumerable.Range(0, stats.Components).Where(k => stats.Counts[k] > 0).OrderByDescending(k => stats.Counts[k])];

    private sealed record MergeResult(MixturePosterior Posterior, double Bound);

    private sealed record Restart(MixturePosterior Posterior, double Bound, List<double> History, bool Converged);
}
