using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// Scores customers with a <see cref="ModelBundle"/>: a pure function of (bundle, feature document, as-of time).
/// Everything that depends only on the bundle (column positions, CLV options, horizons) is computed once here;
/// per customer the rows, the churn features, their contributions and the BG/NBD expectations live on the stack, so
/// the result (segment probabilities, drivers, the score) is the only allocation. Thread-safe.
/// </summary>
public sealed class CustomerScorer
{
    private static readonly int FrequencyIndex = IndexOf(FeatureNames.Frequency);
    private static readonly int TxIndex = IndexOf(FeatureNames.BgNbdTx);
    private static readonly int AgeIndex = IndexOf(FeatureNames.BgNbdT);
    private static readonly int MonetaryIndex = IndexOf(FeatureNames.Monetary);

    private readonly ModelBundle _bundle;
    private readonly int[] _segmentationIndices;
    private readonly int[] _churnIndices;
    private readonly LifetimeIntervals? _intervals;
    private readonly double _churnHorizon;
    private readonly double[] _horizons;
    private readonly int _clvPeriods;
    private readonly double[] _discountFactors;
    private readonly int _expectedSlot;
    private readonly int _classifierSlot;

    public CustomerScorer(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        _bundle = bundle;
        _segmentationIndices = [.. bundle.SegmentationColumns.Select(IndexOf)];
        _churnIndices = bundle.Churn is { } churn ? [.. churn.FeatureNames.Select(ChurnIndexOf)] : [];
        var clvOptions = bundle.Clv.ToOptions(bundle.TimeUnit);
        var clvHorizon = bundle.Clv.Horizon(bundle.TimeUnit);
        _churnHorizon = bundle.ChurnHorizonDays / bundle.TimeUnit.Days();
        _intervals = bundle.Uncertainty is { } draws
            ? new LifetimeIntervals(bundle.BgNbd, draws, bundle.GammaGamma is not null, clvOptions, clvHorizon)
            : null;

        // Every BG/NBD expectation a score needs, computed together per customer: the CLV's period ends (with
        // Gamma-Gamma), the expected purchases' horizon (the last period end with the default months) and the
        // classifier's horizon when it reads BG/NBD's view.
        var horizons = new List<double>();
        if (bundle.GammaGamma is not null)
        {
            CustomerLifetimeValueCalculator.Validate(clvOptions);
            _clvPeriods = clvOptions.Periods;
            var ends = new double[_clvPeriods];
            CustomerLifetimeValueCalculator.PeriodEnds(clvOptions, ends);
            horizons.AddRange(ends);
            _discountFactors = new double[_clvPeriods];
            CustomerLifetimeValueCalculator.DiscountFactors(clvOptions, _discountFactors);
        }
        else
        {
            _discountFactors = [];
        }

        _expectedSlot = SlotOf(horizons, clvHorizon);
        _classifierSlot = bundle.Churn is { UsesLifetime: true } classifier
            ? SlotOf(horizons, classifier.HorizonDays / bundle.TimeUnit.Days())
            : -1;
        _horizons = [.. horizons];
    }

    public ModelBundle Bundle => _bundle;

    /// <param name="explainChurn">Compute the classifier's churn drivers; they cost about a third of a score (feature
    /// contributions over every tree), so bulk scoring that does not show them can leave them out.</param>
    /// <exception cref="ArgumentException">The customer was not seen before <paramref name="asOf"/>, or its document
    /// has another schema version than the bundle was trained on.</exception>
    public CustomerScore Score(CustomerFeatures features, DateTimeOffset asOf, bool explainChurn = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        EnsureSchema(features.CustomerId, features.SchemaVersion, nameof(features));
        var width = TrainingRowFeaturizer.Width;
        Span<double> row = stackalloc double[width];
        Span<bool> imputed = stackalloc bool[width];
        TrainingRowFeaturizer.Featurize(features, asOf, _bundle.TimeUnit, row, imputed);
        return ScoreRow(features.CustomerId, row, asOf, explainChurn);
    }

    /// <summary>
    /// Scores a customer from its row of <see cref="FeatureNames.All"/>, featurized as of <paramref name="asOf"/> in the
    /// bundle's time unit (e.g. a row of a training table built once and shared): the same score as
    /// <see cref="Score(CustomerFeatures, DateTimeOffset, bool)"/> on the document.
    /// </summary>
    /// <param name="schemaVersion">The feature schema version of the customer's document.</param>
    /// <exception cref="ArgumentException">The row has the wrong width, or the document had another schema version
    /// than the bundle was trained on.</exception>
    public CustomerScore Score(string customerId, int schemaVersion, ReadOnlySpan<double> row, DateTimeOffset asOf, bool explainChurn = true)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        EnsureSchema(customerId, schemaVersion, nameof(schemaVersion));
        if (row.Length != TrainingRowFeaturizer.Width)
        {
            throw new ArgumentException($"A row has {TrainingRowFeaturizer.Width} features, not {row.Length}.", nameof(row));
        }

        return ScoreRow(customerId, row, asOf, explainChurn);
    }

    private void EnsureSchema(string customerId, int schemaVersion, string parameter)
    {
        if (schemaVersion != _bundle.FeatureSchemaVersion)
        {
            throw new ArgumentException(
                $"Customer '{customerId}' has feature schema {schemaVersion}; the model {_bundle.Version} needs {_bundle.FeatureSchemaVersion}.",
                parameter);
        }
    }

    private CustomerScore ScoreRow(string customerId, ReadOnlySpan<double> row, DateTimeOffset asOf, bool explainChurn)
    {
        // Segment: the posterior predictive responsibilities of the standardized row.
        Span<double> selected = stackalloc double[_segmentationIndices.Length];
        for (var j = 0; j < selected.Length; j++)
        {
            selected[j] = row[_segmentationIndices[j]];
        }

        Span<double> standardized = stackalloc double[_bundle.Mixture.Dimension];
        _bundle.Scaler.TransformRow(selected, standardized);
        var probabilities = new double[_bundle.Mixture.Components];
        _bundle.Mixture.PredictProbabilities(standardized, probabilities);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        // Lifetime: BG/NBD on (x, t_x, T) of the row; a customer who never bought is scored as a new customer of age T.
        // P(alive) and E[Y(t) | x, t_x, T] at every horizon in one pass (eq. 10 of Fader, Hardie & Lee 2005), then
        // CLV = Σ_i ΔE[Y] · E[M | x, zbar] / (1 + d)^i as CustomerLifetimeValueCalculator computes it.
        var x = (int)row[FrequencyIndex];
        var tx = row[TxIndex];
        var age = row[AgeIndex];
        Span<double> cumulative = stackalloc double[_horizons.Length];
        var alive = _bundle.BgNbd.ExpectedPurchases(_horizons, x, tx, age, cumulative);
        var expected = cumulative[_expectedSlot];
        double? value = null;
        double? spend = null;
        var zbar = x > 0 ? row[MonetaryIndex] : 0;
        if (_bundle.GammaGamma is { } gammaGamma)
        {
            spend = gammaGamma.ConditionalExpectedAverageSpend(x, zbar);
            value = CustomerLifetimeValueCalculator.Discounted(cumulative[.._clvPeriods], spend.Value, _discountFactors);
        }

        ScoreInterval? aliveInterval = null, expectedInterval = null, valueInterval = null;
        if (_intervals is not null)
        {
            // The mean spend under the point estimate lets the intervals correct their tabulation error.
            (var a, var e, valueInterval) = _intervals.Evaluate(x, tx, age, zbar, expected, value, spend);
            (aliveInterval, expectedInterval) = (a, e);
        }

        double churnProbability;
        IReadOnlyList<FeatureDriver> drivers;
        ChurnMethod method;
        if (_bundle.Churn is { } classifier)
        {
            // Lifetime columns (negative indices) are BG/NBD's view as of T over the classifier's own horizon.
            Span<double> churnRow = stackalloc double[_churnIndices.Length];
            for (var j = 0; j < churnRow.Length; j++)
            {
                var index = _churnIndices[j];
                churnRow[j] = index >= 0 ? row[index]
                    : index == LifetimeExpectedIndex ? cumulative[_classifierSlot]
                    : alive;
            }

            if (explainChurn)
            {
                churnProbability = classifier.PredictExplained(churnRow, classifier.TopDrivers, out var explained);
                drivers = explained;
            }
            else
            {
                churnProbability = classifier.Predict(churnRow);
                drivers = [];
            }

            method = ChurnMethod.Classifier;
        }
        else
        {
            churnProbability = _bundle.BgNbd.ChurnScore(_churnHorizon, x, tx, age);
            drivers = [];
            method = ChurnMethod.BgNbdFallback;
        }

        var segment = _bundle.Segments[best];
        return new CustomerScore(
            customerId, asOf, _bundle.Version, segment.Id, segment.Name, probabilities[best], probabilities,
            churnProbability, RiskBands.FromProbability(churnProbability), method, _bundle.ChurnHorizonDays, drivers,
            alive, expected, _bundle.Clv.Months, value, _bundle.Clv.Currency, aliveInterval, expectedInterval, valueInterval);
    }

    private const int LifetimeExpectedIndex = -1;
    private const int LifetimeAliveIndex = -2;

    /// <summary>The horizon's position in <paramref name="horizons"/>, added when no equal horizon is there.</summary>
    private static int SlotOf(List<double> horizons, double horizon)
    {
        var slot = horizons.IndexOf(horizon);
        if (slot >= 0)
        {
            return slot;
        }

        horizons.Add(horizon);
        return horizons.Count - 1;
    }

    private static int ChurnIndexOf(string column) => column switch
    {
        FeatureNames.LifetimeExpectedPurchases => LifetimeExpectedIndex,
        FeatureNames.LifetimeProbabilityAlive => LifetimeAliveIndex,
        _ => IndexOf(column),
    };

    private static int IndexOf(string column)
    {
        for (var j = 0; j < FeatureNames.All.Count; j++)
        {
            if (string.Equals(FeatureNames.All[j], column, StringComparison.Ordinal))
            {
                return j;
            }
        }

        throw new ArgumentException($"'{column}' is not a feature column.", nameof(column));
    }
}
