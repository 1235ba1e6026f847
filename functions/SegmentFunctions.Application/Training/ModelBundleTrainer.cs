using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// Fits every model of a <see cref="ModelBundle"/> from feature documents as of T: training table -> segmentation
/// columns -> scaler -> variational Gaussian mixture -> profiles and names (ids carried over from the previous bundle
/// by customer overlap); BG/NBD and Gamma-Gamma from the table's x, t_x, T and spend; the churn classifier, when the
/// data is ready, from features at T - H labelled by "no purchase in (T - H, T]" (cut-off documents given, history
/// long enough), or else on a rolling origin of earlier cut-offs with BG/NBD's view as features
/// (<see cref="ChurnTrainingPlanner"/>). The classifier serves churn only where it validates at least as well as BG/NBD's
/// expected purchases (<see cref="ChurnServingRule"/>); otherwise, and when the data is not ready, BG/NBD serves.
/// </summary>
public sealed class ModelBundleTrainer(ModelBundleTrainingOptions? options = null, TimeProvider? time = null, ILogger<ModelBundleTrainer>? logger = null)
{
    private readonly ModelBundleTrainingOptions _options = options ?? new ModelBundleTrainingOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ModelBundleTrainer>.Instance;

    /// <summary>Fits every part from documents in memory and assembles the bundle: <see cref="BuildTable"/>, then
    /// <see cref="FitSegmentation"/>, <see cref="FitLifetime"/>, <see cref="FitChurn"/> and <see cref="Assemble"/>.</summary>
    /// <exception cref="ModelTrainingException">The data cannot train a bundle; the message says why.</exception>
    public ModelBundleTrainingResult Train(ModelBundleTrainingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = BuildTable(input.DocumentsAtAsOf, input.AsOf);
        EnsureEnoughCustomers(table);
        cancellationToken.ThrowIfCancellationRequested();
        var segmentation = FitSegmentation(table, input.Previous, cancellationToken);
        var lifetime = FitLifetime(table);
        var readiness = CheckChurnReadiness(input.DocumentsAtAsOf, input.AsOf, input.DocumentsAtCutoff is not null);
        ChurnFit churn;
        if (!readiness.IsReady)
        {
            churn = ChurnFit.NotReady(readiness);
        }
        else if (readiness.Plan is { IsRollingOrigin: true } plan)
        {
            // A short history or no documents at T - H: the documents at T give every cut-off's purchase history.
            churn = FitChurnRollingOrigin(input.DocumentsAtAsOf, plan, readiness, cancellationToken);
        }
        else
        {
            // A single cut-off is planned only when its documents were given.
            churn = FitChurn(BuildTable(input.DocumentsAtCutoff!, input.AsOf.AddDays(-_options.ChurnHorizonDays)), input.DocumentsAtAsOf, readiness, cancellationToken);
        }

        var trainedAt = _time.GetUtcNow();
        var version = string.Create(CultureInfo.InvariantCulture, $"{input.AsOf:yyyyMMdd}-{trainedAt:yyyyMMddHHmmss}-s{_options.Seed}");
        return Assemble(version, trainedAt, input.AsOf, table.RowCount, table.Report.Warnings, segmentation, lifetime, churn);
    }

    /// <summary>Why a bundle trained without documents at the cut-off has no classifier (cold start).</summary>
    public const string NoCutoffReason =
        "No documents as of the cut-off T - H were given, so there are no churn labels; churn is scored from BG/NBD.";

    /// <summary>
    /// The training table as of <paramref name="asOf"/> with every column kept: the lifetime fits need x, t_x and T even
    /// when one of them is the same for everyone, and the scaler drops (and reports) constant segmentation columns
    /// itself. <paramref name="documents"/> is enumerated once, so it may stream from a snapshot.
    /// </summary>
    /// <exception cref="ModelTrainingException">A document holds events after <paramref name="asOf"/>.</exception>
    public TrainingTable BuildTable(IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var builder = new TrainingTableBuilder(new TrainingTableOptions { TimeUnit = _options.TimeUnit, DropConstantColumns = false });
        try
        {
            return builder.Build(documents, asOf);
        }
        catch (FeaturesNewerThanAsOfException e)
        {
            throw new ModelTrainingException($"The feature documents are not a snapshot as of {asOf:O}: {e.Message}", e);
        }
    }

    /// <summary>The fewest customers a bundle is trained from: one per possible segment, and at least two.</summary>
    public int MinimumCustomers => Math.Max(2, _options.MaxComponents);

    /// <exception cref="ModelTrainingException">The table has fewer than <see cref="MinimumCustomers"/> rows.</exception>
    public void EnsureEnoughCustomers(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        EnsureEnoughCustomers(table.RowCount, table.AsOf);
    }

    /// <exception cref="ModelTrainingException">Fewer than <see cref="MinimumCustomers"/> customers were seen before <paramref name="asOf"/>.</exception>
    public void EnsureEnoughCustomers(int customers, DateTimeOffset asOf)
    {
        if (customers < MinimumCustomers)
        {
            throw new ModelTrainingException(
                $"{customers} customer(s) were seen before {asOf:yyyy-MM-dd}; segmentation into up to {_options.MaxComponents} segments needs at least {MinimumCustomers}.");
        }
    }

    /// <summary>Assembles the fitted parts into a bundle with its metrics and training report.</summary>
    /// <param name="customers">Rows of the training table as of <paramref name="asOf"/>.</param>
    /// <param name="tableWarnings">Warnings of the training table, reported first.</param>
    /// <exception cref="ArgumentException">The parts do not fit together.</exception>
    public ModelBundleTrainingResult Assemble(
        string version,
        DateTimeOffset trainedAt,
        DateTimeOffset asOf,
        int customers,
        IEnumerable<string> tableWarnings,
        SegmentationFit segmentation,
        LifetimeFit lifetime,
        ChurnFit churn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(tableWarnings);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(churn);
        List<string> warnings = [.. tableWarnings, .. segmentation.Warnings, .. lifetime.Warnings, .. churn.Warnings];
        var quality = churn.Quality;
        var metrics = new ModelBundleMetrics(
            customers, segmentation.Mixture.Elbo, segmentation.Mixture.Components, lifetime.BgNbd.LogLikelihood,
            lifetime.GammaGamma?.LogLikelihood, quality?.Model, quality?.Baseline, quality?.Grade, churn.NotTrainedReason);
        var bundle = new ModelBundle(
            version, trainedAt, asOf, _options.TimeUnit, segmentation.Columns, segmentation.Scaler,
            segmentation.Mixture, segmentation.Segments, lifetime.BgNbd, lifetime.GammaGamma, churn.Classifier,
            _options.ChurnHorizonDays, _options.Clv, metrics, uncertainty: lifetime.Uncertainty);
        var report = new ModelBundleTrainingReport(
            customers, segmentation.Scaler.OutputColumns, segmentation.Mixture.Elbo, segmentation.Mixture.Components,
            segmentation.Segments.ToDictionary(s => s.Id, s => s.Size), lifetime.BgNbd, lifetime.GammaGamma, quality,
            churn.Readiness, segmentation.Match, warnings, churn.Serving);
        _logger.LogInformation(
            "Trained model bundle {Version} as of {AsOf}: {Customers} customers, {Segments} segments, churn classifier {ChurnTrained}, {Warnings} warnings",
            version, asOf, customers, segmentation.Mixture.Components, churn.Classifier is not null, warnings.Count);
        return new ModelBundleTrainingResult(bundle, report);
    }

    /// <summary>
    /// The segmentation rows of a table (one shard of a snapshot, or a whole one), their moments and whether any
    /// customer has a session or an e-mail open. The rows hold the configured segmentation columns and, when no
    /// customer of the table has a session or an e-mail open, also the purchase columns that replace them on a shop
    /// where no customer has any. A shard streamed a row group at a time builds the same with a <see cref="SegmentationShardBuilder"/>.
    /// </summary>
    /// <exception cref="ModelTrainingException">A configured segmentation column is not a feature column.</exception>
    public SegmentationShard SegmentationShardOf(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var builder = NewSegmentationShard(table.RowCount);
        builder.Add(table);
        return builder.Build();
    }

    /// <summary>A builder of a shard's segmentation rows with the configured columns, sized for <paramref name="expectedRows"/>.</summary>
    public SegmentationShardBuilder NewSegmentationShard(int expectedRows) => new(_options.SegmentationColumns, expectedRows);

    /// <summary>
    /// Scaler and variational Gaussian mixture on the segmentation columns, then profiles and names; with
    /// <paramref name="previous"/>, segment ids carried over by customer overlap.
    /// </summary>
    /// <exception cref="ModelTrainingException">There is nothing to segment on.</exception>
    public SegmentationFit FitSegmentation(TrainingTable table, ModelBundle? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return FitSegmentation([SegmentationShardOf(table)], new TableFeatureRows(table), previous, cancellationToken);
    }

    /// <summary>
    /// The segmentation from the rows of a snapshot's shards (<see cref="SegmentationShardOf"/>, in snapshot order):
    /// the scaler from their combined moments, the mixture's E-steps shard by shard with their statistics combined for
    /// each M-step (<see cref="VariationalGaussianMixtureTrainer.FitFrom(IReadOnlyList{FeatureMatrix}, IReadOnlyList{int[]}, CancellationToken)"/>),
    /// so one shard and many give the same model up to rounding. The segments' profiles and names are accumulated
    /// from the same shards' feature rows (<paramref name="rows"/>, every column), read shard after shard in blocks
    /// (<see cref="SegmentProfileAccumulator"/>), so no table of the snapshot is held; with <paramref name="previous"/>,
    /// its segments of today's customers are read from them too and segment ids are carried over by customer overlap.
    /// </summary>
    /// <exception cref="ModelTrainingException">There is nothing to segment on.</exception>
    /// <exception cref="ArgumentException">The feature rows are not the shards' customers.</exception>
    public SegmentationFit FitSegmentation(
        IReadOnlyList<SegmentationShard> shards, IFeatureRowShards rows, ModelBundle? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(rows);
        if (shards.Count == 0 || shards.Count != rows.Shards)
        {
            throw new ArgumentException($"{shards.Count} shards of segmentation rows and {rows.Shards} of feature rows.", nameof(rows));
        }

        var customers = shards.Sum(s => s.Rows.Rows);
        var warnings = new List<string>();
        string[] columns = [.. _options.SegmentationColumns];
        if (!shards.Any(s => s.HasBehaviour))
        {
            warnings.Add(
                $"No customer has a session or an e-mail open: segmenting on purchases ({string.Join(", ", ModelBundleTrainingOptions.PurchaseSegmentationColumns)}) instead of behaviour rates.");
            columns = [.. ModelBundleTrainingOptions.PurchaseSegmentationColumns];
        }

        var selected = columns;
        var moments = ColumnMoments.Combine(shards.Select(s => s.Moments.Select(selected)));
        var scaler = FeatureScaler.Fit(moments);
        warnings.AddRange(scaler.Warnings);
        if (scaler.OutputColumns.Count == 0)
        {
            throw new ModelTrainingException(
                $"Every segmentation column [{string.Join(", ", columns)}] is the same for all {customers} customers; there is nothing to segment on.");
        }

        if (scaler.OutputColumns.Count < columns.Length)
        {
            columns = [.. scaler.OutputColumns];
            scaler = FeatureScaler.Fit(moments.Select(columns));
        }

        // A shard's rows are transformed as they are when they hold just the kept columns: a copy less per shard.
        var standardized = shards
            .Select(s => scaler.Transform(s.Rows.ColumnNames.SequenceEqual(columns, StringComparer.Ordinal) ? s.Rows : s.Rows.SelectColumns(columns)))
            .ToArray();
        var mixtureTrainer = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions
        {
            MaxComponents = _options.MaxComponents,
            Restarts = _options.Restarts,
            Seed = _options.Seed,
            MinimumWeight = _options.MinSegmentShare,
            MinimumComponentSize = _options.MinSegmentCustomers,
            MinimumComponents = Math.Min(2, _options.MaxComponents),
        });

        // With a previous bundle, the fit refines its segmentation of today's customers rather than exploring from
        // random seeds, so segments move only as much as the data does; ids then follow the customers they share.
        // Without one, a large table explores with its restarts on a sample and the best sample fit is refined on
        // every row, so the restarts cost a sample's time rather than the whole table's. The refinements iterate over
        // the shards' rows where they are, so only the mixture's statistics meet.
        var previousComponents = previous is not null && previous.Mixture.Components <= Math.Min(_options.MaxComponents, customers)
            ? PreviousComponents(previous, rows, shards)
            : null;
        var mixture = previousComponents is not null
            ? mixtureTrainer.FitFrom(standardized, previousComponents, cancellationToken)
            : _options.SegmentationSampleRows is { } sampleRows && customers > sampleRows
                ? RefineSample(mixtureTrainer, standardized, sampleRows, cancellationToken)
                : mixtureTrainer.Fit(FeatureMatrix.Concatenate(standardized), cancellationToken);
        var assignments = standardized.Select(mixture.PredictSegments).ToArray();
        standardized = [];

        var profiles = Profile(rows, assignments, mixture.Components, cancellationToken);
        var names = SegmentNamer.Name(profiles);
        SegmentMatchResult? match = null;
        if (previous is not null)
        {
            var previousIds = (previousComponents ?? PreviousComponents(previous, rows, shards)).SelectMany(c => c).Select(k => previous.Segments[k].Id).ToArray();
            match = SegmentMatcher.MatchByOverlap(previous.SegmentIdentities(), previousIds, [.. assignments.SelectMany(a => a)], mixture.Components);
        }

        var segments = new SegmentDefinition[mixture.Components];
        var columnIndices = columns.Select(profiles.IndexOf).ToArray();
        for (var k = 0; k < segments.Length; k++)
        {
            var profile = profiles.Segments[k];
            segments[k] = new SegmentDefinition(
                match?.Ids[k] ?? k, k, match?.CarriedNames[k] ?? names[k].Name, names[k].Rule, names[k].Action, profile.Size,
                profile.CustomerShare, profile.RevenueShare, [.. columnIndices.Select(j => profile.Means[j])],
                mixture.Mean(k).ToArray());
        }

        return new SegmentationFit(columns, scaler, mixture, segments, match, warnings);
    }

    /// <summary>
    /// The restarts on a seeded uniform sample of <paramref name="count"/> of the shards' rows (the rows of the whole
    /// in snapshot order, whatever the split), then the best sample fit refined on every row from its segments.
    /// </summary>
    private VariationalGaussianMixtureModel RefineSample(
        VariationalGaussianMixtureTrainer trainer, FeatureMatrix[] shards, int count, CancellationToken cancellationToken)
    {
        var sample = trainer.Fit(SampleRows(shards, count, _options.Seed), cancellationToken);
        return trainer.FitFrom(shards, [.. shards.Select(sample.PredictSegments)], cancellationToken);
    }

    /// <summary>A seeded uniform sample of <paramref name="count"/> rows of the shards' rows one after the other, in their order.</summary>
    private static FeatureMatrix SampleRows(FeatureMatrix[] shards, int count, int seed)
    {
        var total = shards.Sum(s => s.Rows);
        var order = Enumerable.Range(0, total).ToArray();
        new Random(seed).Shuffle(order);
        var rows = order.AsSpan(0, count);
        rows.Sort();
        var columns = shards[0].Columns;
        var values = new double[count * columns];
        var (shard, first) = (0, 0);
        for (var i = 0; i < count; i++)
        {
            while (rows[i] >= first + shards[shard].Rows)
            {
                first += shards[shard++].Rows;
            }

            shards[shard].Row(rows[i] - first).CopyTo(values.AsSpan(i * columns, columns));
        }

        return new FeatureMatrix(values, count, columns, shards[0].ColumnNames);
    }

    /// <summary>The previous bundle's segment (mixture component) of every customer, per shard, read from the feature rows.</summary>
    /// <exception cref="ArgumentException">A shard's feature rows are not as many as its segmentation rows.</exception>
    private static int[][] PreviousComponents(ModelBundle previous, IFeatureRowShards rows, IReadOnlyList<SegmentationShard> shards)
    {
        var components = new int[shards.Count][];
        for (var s = 0; s < shards.Count; s++)
        {
            var shard = new List<int>(shards[s].Rows.Rows);
            foreach (var block in rows.Read(s))
            {
                shard.AddRange(previous.Mixture.PredictSegments(previous.Scaler.Transform(block.SelectColumns(previous.SegmentationColumns))));
            }

            components[s] = shard.Count == shards[s].Rows.Rows
                ? [.. shard]
                : throw new ArgumentException($"Shard {s} has {shard.Count} feature rows and {shards[s].Rows.Rows} segmentation rows.", nameof(rows));
        }

        return components;
    }

    /// <summary>
    /// The segments' profiles over every column of the feature rows: two passes, shard after shard in snapshot order
    /// (totals, then spread and levels), so the profiles are those of the whole table however the snapshot is split.
    /// </summary>
    private static SegmentProfileSet Profile(IFeatureRowShards rows, int[][] assignments, int segments, CancellationToken cancellationToken)
    {
        SegmentProfileAccumulator? accumulator = null;
        for (var s = 0; s < rows.Shards; s++)
        {
            var offset = 0;
            foreach (var block in rows.Read(s))
            {
                cancellationToken.ThrowIfCancellationRequested();
                accumulator ??= new SegmentProfileAccumulator(block.ColumnNames, segments, FeatureNames.Revenue);
                if (offset + block.Rows > assignments[s].Length)
                {
                    throw new ArgumentException($"Shard {s} has more feature rows than its {assignments[s].Length} segmentation rows.", nameof(rows));
                }

                accumulator.AddTotals(block, assignments[s].AsSpan(offset, block.Rows));
                offset += block.Rows;
            }

            if (offset != assignments[s].Length)
            {
                throw new ArgumentException($"Shard {s} has {offset} feature rows and {assignments[s].Length} segmentation rows.", nameof(rows));
            }
        }

        if (accumulator is null)
        {
            throw new ArgumentException("The shards have no feature rows.", nameof(rows));
        }

        for (var s = 0; s < rows.Shards; s++)
        {
            foreach (var block in rows.Read(s))
            {
                cancellationToken.ThrowIfCancellationRequested();
                accumulator.AddSpread(block);
            }
        }

        return accumulator.Complete();
    }

    /// <summary>BG/NBD and Gamma-Gamma on the table's buyers (Gamma-Gamma is left out, with a warning, when it cannot be fitted).</summary>
    /// <exception cref="ModelTrainingException">No buyers, or BG/NBD cannot be fitted.</exception>
    public LifetimeFit FitLifetime(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var data = LifetimeDataOf(table);
        if (data.Purchases.Customers == 0)
        {
            throw new ModelTrainingException($"None of the {table.RowCount} customers has bought by {table.AsOf:yyyy-MM-dd}; BG/NBD needs buyers.");
        }

        return FitLifetime(data);
    }

    /// <summary>
    /// The compressed lifetime data of a table's buyers (<see cref="RfmOf(TrainingTable, LifetimeTimeUnit)"/>): what one
    /// row group or shard of a snapshot contributes, combined exactly with the others' by <see cref="LifetimeData.Combine"/>.
    /// </summary>
    public LifetimeData LifetimeDataOf(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return LifetimeData.FromCustomers(RfmOf(table, _options.TimeUnit).Customers);
    }

    /// <summary>
    /// BG/NBD and Gamma-Gamma on compressed data (distinct histories with counts, e.g. combined from a snapshot's
    /// shards), with their parameter draws; Gamma-Gamma is left out, with a warning, when it cannot be fitted. The
    /// fits cost the number of distinct histories rather than of customers, and give the same models as on every
    /// customer's record.
    /// </summary>
    /// <exception cref="ModelTrainingException">No buyers, or BG/NBD cannot be fitted.</exception>
    public LifetimeFit FitLifetime(LifetimeData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var warnings = new List<string>();
        if (data.Purchases.Customers == 0)
        {
            throw new ModelTrainingException("No customer has bought; BG/NBD needs buyers.");
        }

        BgNbdModel bgNbd;
        try
        {
            bgNbd = FitWithPenalizerFallback("BG/NBD", options => new BgNbdTrainer(options).Fit(data.Purchases, _options.TimeUnit), warnings);
        }
        catch (LifetimeModelException e)
        {
            throw new ModelTrainingException($"BG/NBD cannot be fitted on {data.Purchases.Customers} buyers: {e.Message}", e);
        }

        try
        {
            var gammaGamma = FitWithPenalizerFallback("Gamma-Gamma", options => new GammaGammaTrainer(options).Fit(data.Spend), warnings);
            if (!gammaGamma.HasFiniteMeanSpend)
            {
                warnings.Add($"Gamma-Gamma has q = {gammaGamma.Q:G4} <= 1 (infinite mean spend); CLV is not computed.");
            }

            return new LifetimeFit(bgNbd, gammaGamma, warnings, DrawParameters(bgNbd, data, gammaGamma, warnings));
        }
        catch (LifetimeModelException e)
        {
            warnings.Add($"Gamma-Gamma was not fitted, so CLV is not computed: {e.Message}");
            return new LifetimeFit(bgNbd, null, warnings, DrawParameters(bgNbd, data, null, warnings));
        }
    }

    /// <summary>The Laplace approximation's parameter draws for per-customer intervals, or null (with a warning) when the likelihood is too flat.</summary>
    private LifetimeParameterDraws? DrawParameters(BgNbdModel bgNbd, LifetimeData data, GammaGammaModel? gammaGamma, List<string> warnings)
    {
        var spend = gammaGamma is { HasFiniteMeanSpend: true } ? gammaGamma : null;
        var draws = LaplaceApproximation.Draw(bgNbd, data, spend, _options.Seed);
        if (draws is null)
        {
            warnings.Add("BG/NBD's observed information is not positive definite at the estimate (a flat likelihood), so scores carry no intervals.");
        }
        else if (spend is not null && draws.GammaGamma is null)
        {
            warnings.Add("Gamma-Gamma's observed information is not positive definite at the estimate, so CLV carries no interval.");
        }

        return draws;
    }

    /// <summary>
    /// Maximum likelihood first; when the likelihood is too flat to converge (few customers or repeat buyers), the
    /// documented fallback refits with <see cref="ModelBundleTrainingOptions.FallbackPenalizer"/>, trading a little
    /// bias for a finite, identifiable fit, and says so in the report's warnings.
    /// </summary>
    private T FitWithPenalizerFallback<T>(string model, Func<LifetimeFitOptions, T> fit, List<string> warnings)
    {
        try
        {
            return fit(LifetimeFitOptions.Default);
        }
        catch (LifetimeModelException plain)
        {
            var fitted = fit(new LifetimeFitOptions { Penalizer = _options.FallbackPenalizer });
            warnings.Add($"{model} did not converge by plain maximum likelihood ({plain.Message}); refitted with penalizer {_options.FallbackPenalizer}.");
            return fitted;
        }
    }

    /// <summary>The BG/NBD summary of a table's buyers: x, t_x, T and zbar are columns of the table already.</summary>
    /// <exception cref="KeyNotFoundException">The table lacks one of those columns (it was built dropping constant columns).</exception>
    public static RfmSummary RfmOf(TrainingTable table, LifetimeTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(table);
        var has = table.ColumnIndex(FeatureNames.HasPurchased);
        var x = table.ColumnIndex(FeatureNames.Frequency);
        var tx = table.ColumnIndex(FeatureNames.BgNbdTx);
        var age = table.ColumnIndex(FeatureNames.BgNbdT);
        var monetary = table.ColumnIndex(FeatureNames.Monetary);
        var customers = new List<CustomerRfm>();
        for (var i = 0; i < table.RowCount; i++)
        {
            if (table[i, has] > 0)
            {
                var frequency = (int)table[i, x];
                customers.Add(new CustomerRfm(
                    table.CustomerIds[i], frequency, table[i, tx], table[i, age], frequency > 0 ? table[i, monetary] : 0, frequency > 0 ? 0 : table[i, monetary], 0));
            }
        }

        var day = DateOnly.FromDateTime(table.AsOf.UtcDateTime);
        return new RfmSummary(day, day, unit, customers);
    }

    /// <summary>
    /// Whether the documents at T can label a churn classifier for the horizon H. <paramref name="documentsAtAsOf"/> is
    /// enumerated once.
    /// </summary>
    /// <param name="cutoffDocuments">Whether documents as of T - H exist; without them the classifier is planned on a rolling origin.</param>
    public DataReadinessReport CheckChurnReadiness(IEnumerable<CustomerFeatures> documentsAtAsOf, DateTimeOffset asOf, bool cutoffDocuments = true) =>
        new DataReadinessCheck(_options.Readiness).Evaluate(documentsAtAsOf, asOf, _options.ChurnHorizonDays, cutoffDocuments);

    /// <summary>An empty tally of the documents at T for <see cref="CheckChurnReadiness(DataReadinessTally)"/>, for a reader that streams them.</summary>
    /// <param name="cutoffDocuments">Whether documents as of T - H exist; without them the classifier is planned on a rolling origin.</param>
    public DataReadinessTally StartChurnReadiness(DateTimeOffset asOf, bool cutoffDocuments = true) =>
        DataReadinessCheck.Start(asOf, _options.ChurnHorizonDays, cutoffDocuments);

    /// <summary>Whether the documents counted by <paramref name="tally"/> can label a churn classifier.</summary>
    public DataReadinessReport CheckChurnReadiness(DataReadinessTally tally) => new DataReadinessCheck(_options.Readiness).Evaluate(tally);

    /// <summary>
    /// The churn classifier from the features at the cut-off T - H (<paramref name="atCutoff"/>) labelled by "no
    /// purchase in (T - H, T]" from <paramref name="documentsAtAsOf"/> (enumerated twice without a readiness report:
    /// once to plan), trained on a sample drawn by customer id (<see cref="ChurnSample"/>) and measured against the
    /// recency baseline on the held-out customers (<see cref="ChurnFit.HoldoutCustomerIds"/>). It serves only where it
    /// validates at least as well on them as BG/NBD's expected purchases, fitted as of the cut-off
    /// (<see cref="ChurnServingRule"/>). When the history before the cut-off is short (<see cref="ChurnTrainingPlanner"/>,
    /// with T = cut-off + H), the classifier is trained on a rolling origin instead (<see cref="FitChurnRollingOrigin"/>),
    /// as <see cref="Train"/> does, so a retraining run and a backtest train the same way. A reader that streams the
    /// snapshots builds the same fit with <see cref="StartChurn"/>.
    /// </summary>
    public ChurnFit FitChurn(
        TrainingTable atCutoff, IEnumerable<CustomerFeatures> documentsAtAsOf, DataReadinessReport? readiness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(atCutoff);
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        var asOf = atCutoff.AsOf.AddDays(_options.ChurnHorizonDays);
        if ((readiness?.Plan ?? PlanFor(documentsAtAsOf, asOf)) is { IsRollingOrigin: true } rolling)
        {
            return FitChurnRollingOrigin(documentsAtAsOf, rolling, readiness, cancellationToken);
        }

        var training = StartChurn(atCutoff.AsOf);
        training.AddFeatures(atCutoff);
        training.AddLabels(documentsAtAsOf);
        return training.Fit(readiness, cancellationToken);
    }

    /// <summary>
    /// The training and held-out rows <see cref="FitChurn"/> uses at one cut-off: the customers of
    /// <paramref name="atCutoff"/> drawn by id (<see cref="ChurnSample"/>), labelled from <paramref name="documentsAtAsOf"/>.
    /// </summary>
    public (ChurnDataset Train, ChurnDataset Test) SplitChurn(TrainingTable atCutoff, IEnumerable<CustomerFeatures> documentsAtAsOf)
    {
        ArgumentNullException.ThrowIfNull(atCutoff);
        var training = StartChurn(atCutoff.AsOf);
        training.AddFeatures(atCutoff);
        training.AddLabels(documentsAtAsOf);
        return training.Split();
    }

    /// <summary>The classifier of one cut-off built from streamed features and labels (<see cref="ChurnCutoffTraining"/>).</summary>
    public ChurnCutoffTraining StartChurn(DateTimeOffset cutoff) => new(this, _options, cutoff);

    /// <summary>
    /// The churn classifier of a short history (<see cref="ChurnTrainingPlanner"/>): for each cut-off c of
    /// <paramref name="plan"/>, the <see cref="FeatureNames.PurchaseHistory"/> columns as of c with BG/NBD's expected
    /// purchases in h and P(alive) from a BG/NBD fitted as of c (<see cref="LifetimeFeatures"/>), labelled "no purchase
    /// in (c, c + h]" from <paramref name="documentsAtAsOf"/>; the rows of every cut-off pooled and sampled by customer
    /// id (<see cref="ChurnSample"/>: a held-out customer's rows all on the test side, the training side capped at
    /// <see cref="ModelBundleTrainingOptions.ChurnMaxTrainingRows"/>).
    /// It serves only where it validates at least as well on the held-out customers as BG/NBD's expected purchases.
    /// <paramref name="documentsAtAsOf"/> is enumerated twice, so it may be a view that creates each document as it is
    /// enumerated; a reader that streams a snapshot builds the same fit with <see cref="StartChurnRollingOrigin"/>.
    /// </summary>
    public ChurnFit FitChurnRollingOrigin(
        IEnumerable<CustomerFeatures> documentsAtAsOf, ChurnTrainingPlan plan, DataReadinessReport? readiness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        ArgumentNullException.ThrowIfNull(plan);
        var training = StartChurnRollingOrigin(plan);
        foreach (var chunk in documentsAtAsOf.Chunk(10_000))
        {
            cancellationToken.ThrowIfCancellationRequested();
            training.AddHistory(chunk, cancellationToken);
        }

        training.AddRows(documentsAtAsOf);
        return training.Fit(readiness, cancellationToken);
    }

    /// <summary>The classifier of a rolling origin built from two streamed passes (<see cref="ChurnRollingOriginTraining"/>).</summary>
    public ChurnRollingOriginTraining StartChurnRollingOrigin(ChurnTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(this, _options, plan);
    }

    /// <summary>Trains on <paramref name="train"/>, validates on <paramref name="test"/> and chooses the serving model.</summary>
    internal ChurnFit TrainAndChoose(
        ChurnDataset train, ChurnDataset test, ChurnTrainingPlan plan, double[]? bgNbdExpected, DataReadinessReport? readiness,
        List<string> warnings, CancellationToken cancellationToken)
    {
        ChurnClassifier classifier;
        try
        {
            classifier = new ChurnClassifierTrainer(plan.IsRollingOrigin ? _options.RollingOriginChurn : _options.Churn).Train(train, cancellationToken);
        }
        catch (ArgumentException e)
        {
            var reason = $"The churn classifier was not trained: {e.Message} Churn is scored from BG/NBD.";
            return new ChurnFit(null, null, readiness, reason, [], [.. warnings, reason]);
        }

        var model = ChurnMetrics.Compute(classifier.PredictBatch(test.Features), test.Churned);
        var baseline = ChurnMetrics.Compute(RecencyBaseline.Fit(train).Predict(test.Features), test.Churned);
        var quality = ChurnQuality.Of(model, baseline);
        var bgNbd = bgNbdExpected is null ? null : ChurnMetrics.Compute(ChurnServingRule.BgNbdScores(bgNbdExpected), test.Churned);
        var rows = string.Create(CultureInfo.InvariantCulture, $"{test.Count} held-out rows, {plan}");
        var serves = bgNbd is null || ChurnServingRule.ClassifierServes(model, bgNbd);
        var why = bgNbd is null
            ? string.Create(CultureInfo.InvariantCulture, $"The classifier serves churn: BG/NBD could not be fitted at the cut-off to compare with (classifier validation ROC AUC {model.RocAuc:0.0000} on {rows}).")
            : serves
                ? string.Create(CultureInfo.InvariantCulture, $"The classifier serves churn: its validation ROC AUC {model.RocAuc:0.0000} is at least BG/NBD expected purchases' {bgNbd.RocAuc:0.0000} on {rows}.")
                : string.Create(CultureInfo.InvariantCulture, $"BG/NBD serves churn: the classifier's validation ROC AUC {model.RocAuc:0.0000} is below BG/NBD expected purchases' {bgNbd.RocAuc:0.0000} on {rows}.");
        var choice = new ChurnServingChoice(
            serves ? ChurnServingRule.Classifier : ChurnServingRule.BgNbd, why, plan, model, bgNbd, classifier, quality);
        _logger.LogInformation(
            "Churn serving model {Model}: classifier validation AUC {ClassifierAuc}, BG/NBD {BgNbdAuc}, {Plan}",
            choice.Model, model.RocAuc, bgNbd?.RocAuc, plan.ToString());
        return serves
            ? new ChurnFit(classifier, quality, readiness, null, [.. test.Features.CustomerIds.Distinct(StringComparer.Ordinal)], warnings, choice)
            : new ChurnFit(null, null, readiness, why, [.. test.Features.CustomerIds.Distinct(StringComparer.Ordinal)], warnings, choice);
    }

    /// <summary>The churn training plan of documents as of <paramref name="asOf"/> (one pass), or null when the history allows none.</summary>
    private ChurnTrainingPlan? PlanFor(IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf)
    {
        DateTimeOffset? earliest = null;
        foreach (var doc in documents)
        {
            if (doc.FirstSeenAt is { } first && (earliest is null || first < earliest))
            {
                earliest = first;
            }
        }

        return earliest is { } start
            ? ChurnTrainingPlanner.Plan(start, asOf, _options.ChurnHorizonDays, _options.Readiness.MinHistoryInHorizons)
            : null;
    }

    /// <summary>BG/NBD fitted on buyers' compressed histories (with the penalizer fallback), or null when it cannot be.</summary>
    internal BgNbdModel? TryFitBgNbd(BgNbdData data)
    {
        if (data.Customers == 0)
        {
            return null;
        }

        try
        {
            return FitWithPenalizerFallback("BG/NBD", options => new BgNbdTrainer(options).Fit(data, _options.TimeUnit), []);
        }
        catch (LifetimeModelException)
        {
            return null;
        }
    }
}
