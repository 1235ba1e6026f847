using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// Fits every model of a <see cref="ModelBundle"/> from feature documents as of T: training table -> segmentation
/// columns -> scaler -> variational Gaussian mixture -> profiles and names (ids carried over from the previous bundle
/// by customer overlap); BG/NBD and Gamma-Gamma from the table's x, t_x, T and spend; the churn classifier from
/// features at T - H labelled by "no purchase in (T - H, T]" when cut-off documents are given and the data is ready,
/// otherwise none (scoring falls back to BG/NBD).
/// </summary>
public sealed class ModelBundleTrainer(ModelBundleTrainingOptions? options = null, TimeProvider? time = null, ILogger<ModelBundleTrainer>? logger = null)
{
    private readonly ModelBundleTrainingOptions _options = options ?? new ModelBundleTrainingOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ModelBundleTrainer>.Instance;

    /// <exception cref="ModelTrainingException">The data cannot train a bundle; the message says why.</exception>
    public ModelBundleTrainingResult Train(ModelBundleTrainingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var warnings = new List<string>();
        // Constant columns stay in the table: the lifetime fits need x, t_x and T even when one of them is the same for
        // everyone, and the scaler drops (and reports) constant segmentation columns itself.
        var builder = new TrainingTableBuilder(new TrainingTableOptions { TimeUnit = _options.TimeUnit, DropConstantColumns = false });
        TrainingTable table;
        try
        {
            table = builder.Build(input.DocumentsAtAsOf, input.AsOf);
        }
        catch (FeaturesNewerThanAsOfException e)
        {
            throw new ModelTrainingException($"The feature documents are not a snapshot as of {input.AsOf:O}: {e.Message}", e);
        }

        warnings.AddRange(table.Report.Warnings);
        if (table.RowCount < Math.Max(2, _options.MaxComponents))
        {
            throw new ModelTrainingException(
                $"{table.RowCount} customer(s) were seen before {input.AsOf:yyyy-MM-dd}; segmentation into up to {_options.MaxComponents} segments needs at least {Math.Max(2, _options.MaxComponents)}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var segmentation = FitSegmentation(table, input.Previous, warnings, cancellationToken);
        var (bgNbd, gammaGamma) = FitLifetime(table, warnings);
        var (churn, quality, readiness, notTrained) = FitChurn(input, builder, warnings, cancellationToken);

        var trainedAt = _time.GetUtcNow();
        var version = string.Create(CultureInfo.InvariantCulture, $"{input.AsOf:yyyyMMdd}-{trainedAt:yyyyMMddHHmmss}-s{_options.Seed}");
        var metrics = new ModelBundleMetrics(
            table.RowCount, segmentation.Mixture.Elbo, segmentation.Mixture.Components, bgNbd.LogLikelihood,
            gammaGamma?.LogLikelihood, quality?.Model, quality?.Baseline, quality?.Grade, notTrained);
        var bundle = new ModelBundle(
            version, trainedAt, input.AsOf, _options.TimeUnit, segmentation.Columns, segmentation.Scaler,
            segmentation.Mixture, segmentation.Segments, bgNbd, gammaGamma, churn, _options.ChurnHorizonDays, _options.Clv,
            metrics);
        var report = new ModelBundleTrainingReport(
            table.RowCount, segmentation.Scaler.OutputColumns, segmentation.Mixture.Elbo, segmentation.Mixture.Components,
            segmentation.Segments.ToDictionary(s => s.Id, s => s.Size), bgNbd, gammaGamma, quality, readiness,
            segmentation.Match, warnings);
        _logger.LogInformation(
            "Trained model bundle {Version} as of {AsOf}: {Customers} customers, {Segments} segments, churn classifier {ChurnTrained}, {Warnings} warnings",
            version, input.AsOf, table.RowCount, segmentation.Mixture.Components, churn is not null, warnings.Count);
        return new ModelBundleTrainingResult(bundle, report);
    }

    private SegmentationFit FitSegmentation(TrainingTable table, ModelBundle? previous, List<string> warnings, CancellationToken cancellationToken)
    {
        var columns = _options.SegmentationColumns.ToArray();
        var unknown = columns.Where(c => !table.HasColumn(c)).ToArray();
        if (columns.Length == 0 || unknown.Length > 0)
        {
            throw new ModelTrainingException(
                $"The segmentation columns must be feature columns ({string.Join(", ", FeatureNames.All)}); unknown: [{string.Join(", ", unknown)}].");
        }

        var selected = table.SelectColumns(columns);
        var matrix = new FeatureMatrix(selected.Values.ToArray(), selected.RowCount, columns.Length, columns);
        var scaler = FeatureScaler.Fit(matrix);
        warnings.AddRange(scaler.Warnings);
        if (scaler.OutputColumns.Count == 0)
        {
            throw new ModelTrainingException(
                $"Every segmentation column [{string.Join(", ", columns)}] is the same for all {table.RowCount} customers; there is nothing to segment on.");
        }

        if (scaler.OutputColumns.Count < columns.Length)
        {
            columns = [.. scaler.OutputColumns];
            selected = table.SelectColumns(columns);
            matrix = new FeatureMatrix(selected.Values.ToArray(), selected.RowCount, columns.Length, columns);
            scaler = FeatureScaler.Fit(matrix);
        }

        var standardized = scaler.Transform(matrix);
        var mixtureTrainer = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions
        {
            MaxComponents = _options.MaxComponents,
            Restarts = _options.Restarts,
            Seed = _options.Seed,
        });

        // With a previous bundle, the fit refines its segmentation of today's customers rather than exploring from
        // random seeds, so segments move only as much as the data does; ids then follow the customers they share.
        var previousComponents = previous is not null && previous.Mixture.Components <= Math.Min(_options.MaxComponents, table.RowCount)
            ? PreviousComponents(previous, table)
            : null;
        var mixture = previousComponents is null
            ? mixtureTrainer.Fit(standardized, cancellationToken)
            : mixtureTrainer.FitFrom(standardized, previousComponents, cancellationToken);
        var assignments = mixture.PredictSegments(standardized);

        var full = new FeatureMatrix(table.Values.ToArray(), table.RowCount, table.ColumnCount, table.ColumnNames);
        var profiles = SegmentProfiler.Profile(full, assignments, mixture.Components, FeatureNames.Revenue);
        var names = SegmentNamer.Name(profiles);
        SegmentMatchResult? match = null;
        if (previous is not null)
        {
            var previousIds = (previousComponents ?? PreviousComponents(previous, table)).Select(k => previous.Segments[k].Id).ToArray();
            match = SegmentMatcher.MatchByOverlap(previous.SegmentIdentities(), previousIds, assignments, mixture.Components);
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

        return new SegmentationFit(columns, scaler, mixture, segments, match);
    }

    /// <summary>The previous bundle's segment (mixture component) of every customer of the table.</summary>
    private static int[] PreviousComponents(ModelBundle previous, TrainingTable table)
    {
        var old = table.SelectColumns(previous.SegmentationColumns);
        var standardized = previous.Scaler.Transform(new FeatureMatrix(old.Values.ToArray(), old.RowCount, old.ColumnCount, old.ColumnNames));
        return previous.Mixture.PredictSegments(standardized);
    }

    private (BgNbdModel BgNbd, GammaGammaModel? GammaGamma) FitLifetime(TrainingTable table, List<string> warnings)
    {
        var summary = RfmOf(table, _options.TimeUnit);
        if (summary.Customers.Count == 0)
        {
            throw new ModelTrainingException($"None of the {table.RowCount} customers has bought by {table.AsOf:yyyy-MM-dd}; BG/NBD needs buyers.");
        }

        BgNbdModel bgNbd;
        try
        {
            bgNbd = FitWithPenalizerFallback("BG/NBD", options => new BgNbdTrainer(options).Fit(summary), warnings);
        }
        catch (LifetimeModelException e)
        {
            throw new ModelTrainingException($"BG/NBD cannot be fitted on {summary.Customers.Count} buyers: {e.Message}", e);
        }

        try
        {
            var gammaGamma = FitWithPenalizerFallback("Gamma-Gamma", options => new GammaGammaTrainer(options).Fit(summary), warnings);
            if (!gammaGamma.HasFiniteMeanSpend)
            {
                warnings.Add($"Gamma-Gamma has q = {gammaGamma.Q:G4} <= 1 (infinite mean spend); CLV is not computed.");
            }

            return (bgNbd, gammaGamma);
        }
        catch (LifetimeModelException e)
        {
            warnings.Add($"Gamma-Gamma was not fitted, so CLV is not computed: {e.Message}");
            return (bgNbd, null);
        }
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
        var has = table.Column(FeatureNames.HasPurchased);
        var x = table.Column(FeatureNames.Frequency);
        var tx = table.Column(FeatureNames.BgNbdTx);
        var age = table.Column(FeatureNames.BgNbdT);
        var monetary = table.Column(FeatureNames.Monetary);
        var customers = new List<CustomerRfm>();
        for (var i = 0; i < table.RowCount; i++)
        {
            if (has[i] > 0)
            {
                var frequency = (int)x[i];
                customers.Add(new CustomerRfm(
                    table.CustomerIds[i], frequency, tx[i], age[i], frequency > 0 ? monetary[i] : 0, frequency > 0 ? 0 : monetary[i], 0));
            }
        }

        var day = DateOnly.FromDateTime(table.AsOf.UtcDateTime);
        return new RfmSummary(day, day, unit, customers);
    }

    private (ChurnClassifier? Classifier, ChurnQuality? Quality, DataReadinessReport? Readiness, string? NotTrained) FitChurn(
        ModelBundleTrainingInput input, TrainingTableBuilder builder, List<string> warnings, CancellationToken cancellationToken)
    {
        if (input.DocumentsAtCutoff is null)
        {
            return (null, null, null, "No documents as of the cut-off T - H were given, so there are no churn labels; churn is scored from BG/NBD.");
        }

        var readiness = new DataReadinessCheck(_options.Readiness).Evaluate(input.DocumentsAtAsOf, input.AsOf, _options.ChurnHorizonDays);
        if (!readiness.IsReady)
        {
            var reason = $"The data is not ready for a churn classifier: {string.Join(" ", readiness.Failures.Select(f => f.Message))} Churn is scored from BG/NBD.";
            warnings.Add(reason);
            return (null, null, readiness, reason);
        }

        var cutoff = input.AsOf.AddDays(-_options.ChurnHorizonDays);
        TrainingTable atCutoff;
        try
        {
            atCutoff = builder.Build(input.DocumentsAtCutoff, cutoff);
        }
        catch (FeaturesNewerThanAsOfException e)
        {
            throw new ModelTrainingException($"The cut-off documents are not a snapshot as of {cutoff:O}: {e.Message}", e);
        }

        var dataset = ChurnLabeler.FromDocuments(atCutoff, input.DocumentsAtAsOf, _options.ChurnHorizonDays);
        var (train, test) = dataset.Split(_options.ChurnTestShare, _options.Seed);
        ChurnClassifier classifier;
        try
        {
            classifier = new ChurnClassifierTrainer(_options.Churn).Train(train, cancellationToken);
        }
        catch (ArgumentException e)
        {
            var reason = $"The churn classifier was not trained: {e.Message} Churn is scored from BG/NBD.";
            warnings.Add(reason);
            return (null, null, readiness, reason);
        }

        var model = ChurnMetrics.Compute(classifier.PredictBatch(test.Features), test.Churned);
        var baseline = ChurnMetrics.Compute(RecencyBaseline.Fit(train).Predict(test.Features), test.Churned);
        return (classifier, ChurnQuality.Of(model, baseline), readiness, null);
    }

    private sealed record SegmentationFit(
        IReadOnlyList<string> Columns,
        FeatureScalerModel Scaler,
        VariationalGaussianMixtureModel Mixture,
        IReadOnlyList<SegmentDefinition> Segments,
        SegmentMatchResult? Match);
}
