using System.Globalization;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// Computes the marketer's <see cref="ReportData"/> from a trained <see cref="ModelBundle"/> and the feature documents
/// it was trained on: every customer is scored with the bundle (segment, CLV), segments are profiled in original units,
/// the choice of K is re-scored on a sample, and the churn classifier is evaluated on the same held-out customers the
/// trainer measured it on (the seeded split of <paramref name="training"/> is reproduced), so the charts and the
/// training report's metrics describe the same customers.
/// </summary>
/// <param name="training">The options the bundle was trained with: time unit, churn test share and seed.</param>
internal sealed class ReportDataBuilder(ModelBundleTrainingOptions training)
{
    /// <summary>Rows re-fitted per K for the model selection chart: enough for stable curves, a few seconds in all.</summary>
    public const int SelectionRows = 3_000;
    public const int MinComponents = 2;
    /// <summary>The range reaches the bundle's K when it is larger, so the chosen K is always on the chart.</summary>
    public const int MaxComponents = 8;

    /// <param name="documentsAtCutoff">The documents as of T - H; without them the churn evaluation is left out.</param>
    /// <exception cref="ReportDataException">The documents do not fit the bundle (newer than its as-of time, another
    /// feature schema).</exception>
    public ReportData Build(
        string title, DateTimeOffset generatedAt, ModelBundle bundle, IReadOnlyList<CustomerFeatures> documentsAtAsOf,
        IReadOnlyList<CustomerFeatures>? documentsAtCutoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        var builder = new TrainingTableBuilder(new TrainingTableOptions { TimeUnit = bundle.TimeUnit, DropConstantColumns = false });
        var table = BuildTable(builder, documentsAtAsOf, bundle.AsOf, "as of the model");
        var scores = Score(bundle, table, documentsAtAsOf, cancellationToken);
        var segmentIds = scores.Select(s => s.SegmentId).ToArray();

        cancellationToken.ThrowIfCancellationRequested();
        return new ReportData(
            title,
            generatedAt,
            bundle.Version,
            DateOnly.FromDateTime(bundle.AsOf.UtcDateTime),
            Segments(bundle, table, segmentIds),
            Selection(bundle, table, cancellationToken),
            Customers(table, segmentIds),
            documentsAtCutoff is null ? null : Churn(bundle, builder, documentsAtAsOf, documentsAtCutoff),
            bundle.Churn?.Importance ?? [],
            Alive(bundle, table),
            LifetimeValuesOf(bundle, scores),
            Flows: null);
    }

    private static TrainingTable BuildTable(TrainingTableBuilder builder, IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf, string what)
    {
        try
        {
            return builder.Build(documents, asOf);
        }
        catch (FeaturesNewerThanAsOfException e)
        {
            throw new ReportDataException($"The feature documents {what} ({asOf:O}) are not a snapshot at that time: {e.Message}");
        }
    }

    /// <summary>The bundle's score of every row of the table, in table order.</summary>
    private static CustomerScore[] Score(ModelBundle bundle, TrainingTable table, IReadOnlyList<CustomerFeatures> documents, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, CustomerFeatures>(documents.Count, StringComparer.Ordinal);
        foreach (var document in documents)
        {
            byId[document.CustomerId] = document;
        }

        var scorer = new CustomerScorer(bundle);
        var scores = new CustomerScore[table.RowCount];
        try
        {
            Parallel.For(0, table.RowCount, new ParallelOptions { CancellationToken = cancellationToken }, row =>
                scores[row] = scorer.Score(byId[table.CustomerIds[row]], bundle.AsOf, explainChurn: false));
        }
        catch (ArgumentException e)
        {
            throw new ReportDataException($"The customers cannot be scored with model {bundle.Version}: {e.Message}");
        }

        return scores;
    }

    /// <summary>Profiles over the segmentation columns, plus revenue for the revenue shares, keyed by segment id.</summary>
    private static ReportSegments Segments(ModelBundle bundle, TrainingTable table, int[] segmentIds)
    {
        IReadOnlyList<string> columns = bundle.SegmentationColumns.Contains(FeatureNames.Revenue)
            ? bundle.SegmentationColumns
            : [.. bundle.SegmentationColumns, FeatureNames.Revenue];
        var selected = table.SelectColumns(columns);
        var matrix = new FeatureMatrix(selected.Values.ToArray(), selected.RowCount, selected.ColumnCount, columns);
        // Ids survive retraining and need not be 0..K-1; ids no customer has profile as empty and are not drawn.
        var profiles = SegmentProfiler.Profile(matrix, segmentIds, bundle.Segments.Max(s => s.Id) + 1, FeatureNames.Revenue);
        var names = bundle.Segments.Select(s => new SegmentName(s.Id, s.Name, s.Rule, s.Action)).ToArray();
        return new ReportSegments(profiles, names);
    }

    /// <summary>
    /// ELBO, BIC, silhouette and WCSS for K = 2..max(8, the bundle's K) on a seeded sample, one restart each: the same scaler and priors as
    /// the bundle, cheap enough for every report. The chosen K is the bundle's number of segments.
    /// </summary>
    private ModelSelection? Selection(ModelBundle bundle, TrainingTable table, CancellationToken cancellationToken)
    {
        var maxComponents = Math.Max(MaxComponents, bundle.Mixture.Components);
        if (table.RowCount < maxComponents * 2)
        {
            return null;
        }

        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(training.Seed).Shuffle(rows);
        var sample = table.SelectRows(rows[..Math.Min(SelectionRows, rows.Length)]).SelectColumns(bundle.SegmentationColumns);
        var standardized = bundle.Scaler.Transform(
            new FeatureMatrix(sample.Values.ToArray(), sample.RowCount, sample.ColumnCount, bundle.SegmentationColumns));
        var report = ModelSelectionReport.Evaluate(
            standardized, MinComponents, maxComponents,
            new VariationalGaussianMixtureOptions { Restarts = 1, Seed = training.Seed },
            cancellationToken: cancellationToken);
        return new ModelSelection(report.Rows, bundle.Mixture.Components);
    }

    private static CustomerPoint[] Customers(TrainingTable table, int[] segmentIds)
    {
        var recency = table.Column(FeatureNames.RecencyDays);
        var orders = table.Column(FeatureNames.Orders);
        return [.. Enumerable.Range(0, table.RowCount).Select(i => new CustomerPoint(recency[i], orders[i], segmentIds[i]))];
    }

    /// <summary>
    /// The classifier and the recency rule on the trainer's held-out customers: the cut-off table labelled by the
    /// documents at T and drawn by customer id with the training seed, share and caps, exactly as
    /// <see cref="ModelBundleTrainer"/> did (<see cref="ModelBundleTrainer.SplitChurn"/>).
    /// </summary>
    private ChurnEvaluation? Churn(
        ModelBundle bundle, TrainingTableBuilder builder, IReadOnlyList<CustomerFeatures> documentsAtAsOf, IReadOnlyList<CustomerFeatures> documentsAtCutoff)
    {
        if (bundle.Churn is not { } classifier)
        {
            return null;
        }

        var cutoff = bundle.AsOf.AddDays(-bundle.ChurnHorizonDays);
        var atCutoff = BuildTable(builder, documentsAtCutoff, cutoff, "at the churn cut-off");
        var (train, test) = new ModelBundleTrainer(training with { ChurnHorizonDays = bundle.ChurnHorizonDays }).SplitChurn(atCutoff, documentsAtAsOf);
        if (!test.Churned.Contains(true) || !test.Churned.Contains(false))
        {
            return null;
        }

        var probabilities = classifier.PredictBatch(test.Features);
        var baseline = RecencyBaseline.Fit(train).Predict(test.Features);
        var quality = ChurnQuality.Of(ChurnMetrics.Compute(probabilities, test.Churned), ChurnMetrics.Compute(baseline, test.Churned));
        return new ChurnEvaluation(quality, probabilities, test.Churned, baseline);
    }

    /// <summary>
    /// P(alive) for customers of the median buyer's age, over x up to the 95th percentile of repeat purchases (at
    /// least 5), where the map has customers to describe.
    /// </summary>
    private static AliveSurface? Alive(ModelBundle bundle, TrainingTable table)
    {
        var has = table.Column(FeatureNames.HasPurchased);
        var age = table.Column(FeatureNames.BgNbdT);
        var frequency = table.Column(FeatureNames.Frequency);
        var buyers = Enumerable.Range(0, table.RowCount).Where(i => has[i] > 0).ToArray();
        if (buyers.Length == 0)
        {
            return null;
        }

        var typicalAge = Percentiles.Median(buyers.Select(i => age[i]));
        var highFrequency = Percentiles.OfSorted([.. buyers.Select(i => frequency[i]).Order()], 0.95);
        return typicalAge > 0
            ? AliveSurface.FromModel(bundle.BgNbd, typicalAge, Math.Max(5, (int)Math.Ceiling(highFrequency)))
            : null;
    }

    private static LifetimeValues? LifetimeValuesOf(ModelBundle bundle, CustomerScore[] scores)
    {
        var values = scores
            .Where(s => s.CustomerLifetimeValue is { } v && double.IsFinite(v))
            .Select(s => new CustomerValue(s.SegmentId, s.CustomerLifetimeValue!.Value))
            .ToArray();
        return values.Length == 0
            ? null
            : new LifetimeValues(values, bundle.Clv.Currency, string.Create(CultureInfo.InvariantCulture, $"{bundle.Clv.Months} months"));
    }
}
