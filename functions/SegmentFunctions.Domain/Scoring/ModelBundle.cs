using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Models.Uncertainty;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// Everything needed to score a customer, trained together as of one time and published as one versioned unit:
/// the segmentation (scaler, variational Gaussian mixture, segment catalog), BG/NBD and optionally Gamma-Gamma for
/// expected purchases and CLV, and optionally the churn classifier. Immutable; the constructor checks that the parts fit.
/// </summary>
public sealed class ModelBundle
{
    /// <summary>Version of the bundle layout (<see cref="ModelBundleSerializer"/>); bumped on incompatible changes.</summary>
    public const int FormatVersion = 1;

    /// <exception cref="ArgumentException">The parts do not fit together (columns, dimensions, segments, time units).</exception>
    public ModelBundle(
        string version,
        DateTimeOffset trainedAt,
        DateTimeOffset asOf,
        LifetimeTimeUnit timeUnit,
        IReadOnlyList<string> segmentationColumns,
        FeatureScalerModel scaler,
        VariationalGaussianMixtureModel mixture,
        IReadOnlyList<SegmentDefinition> segments,
        BgNbdModel bgNbd,
        GammaGammaModel? gammaGamma,
        ChurnClassifier? churn,
        int churnHorizonDays,
        ClvSettings clv,
        ModelBundleMetrics metrics,
        int featureSchemaVersion = CustomerFeatures.CurrentSchemaVersion,
        LifetimeParameterDraws? uncertainty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(segmentationColumns);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(bgNbd);
        ArgumentNullException.ThrowIfNull(clv);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(churnHorizonDays, 1);
        var unknown = segmentationColumns.Where(c => !FeatureNames.All.Contains(c)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown segmentation column(s): {string.Join(", ", unknown)}.", nameof(segmentationColumns));
        }

        if (!scaler.InputColumns.SequenceEqual(segmentationColumns, StringComparer.Ordinal))
        {
            throw new ArgumentException("The scaler was fitted on other columns than the segmentation columns.", nameof(scaler));
        }

        if (scaler.OutputColumns.Count != mixture.Dimension)
        {
            throw new ArgumentException($"The scaler gives {scaler.OutputColumns.Count} columns; the mixture expects {mixture.Dimension}.", nameof(mixture));
        }

        if (segments.Count != mixture.Components || segments.Select(s => s.Component).Order().Where((c, i) => c != i).Any())
        {
            throw new ArgumentException($"The catalog must define each of the mixture's {mixture.Components} components once.", nameof(segments));
        }

        if (segments.Select(s => s.Id).Distinct().Count() != segments.Count)
        {
            throw new ArgumentException("Segment ids must be unique.", nameof(segments));
        }

        uncertainty?.Validate();
        if (bgNbd.TimeUnit != timeUnit || (churn is not null && churn.TimeUnit != timeUnit))
        {
            throw new ArgumentException($"Every model must use the bundle's time unit ({timeUnit}).", nameof(timeUnit));
        }

        Version = version;
        TrainedAt = trainedAt;
        AsOf = asOf;
        TimeUnit = timeUnit;
        FeatureSchemaVersion = featureSchemaVersion;
        SegmentationColumns = [.. segmentationColumns];
        Scaler = scaler;
        Mixture = mixture;
        Segments = [.. segments.OrderBy(s => s.Component)];
        BgNbd = bgNbd;
        GammaGamma = gammaGamma is { HasFiniteMeanSpend: true } ? gammaGamma : null;
        Churn = churn;
        ChurnHorizonDays = churnHorizonDays;
        Clv = clv;
        Metrics = metrics;
        Uncertainty = uncertainty;
    }

    public string Version { get; }
    public DateTimeOffset TrainedAt { get; }
    /// <summary>The time the training features were taken at.</summary>
    public DateTimeOffset AsOf { get; }
    public LifetimeTimeUnit TimeUnit { get; }
    /// <summary>The <see cref="CustomerFeatures.SchemaVersion"/> the bundle was trained on.</summary>
    public int FeatureSchemaVersion { get; }
    /// <summary>Columns of <see cref="FeatureNames.All"/> the segmentation uses, in the scaler's input order.</summary>
    public IReadOnlyList<string> SegmentationColumns { get; }
    public FeatureScalerModel Scaler { get; }
    public VariationalGaussianMixtureModel Mixture { get; }
    /// <summary>The segment catalog; entry k is mixture component k.</summary>
    public IReadOnlyList<SegmentDefinition> Segments { get; }
    public BgNbdModel BgNbd { get; }
    /// <summary>Null when not fitted (too few repeat buyers) or when its mean spend is infinite; CLV is then not computed.</summary>
    public GammaGammaModel? GammaGamma { get; }
    /// <summary>Null when not trained; churn is then scored by <see cref="ChurnMethod.BgNbdFallback"/>.</summary>
    public ChurnClassifier? Churn { get; }
    /// <summary>H: churn means no purchase within this many days.</summary>
    public int ChurnHorizonDays { get; }
    public ClvSettings Clv { get; }
    public ModelBundleMetrics Metrics { get; }

    /// <summary>
    /// Parameter sets drawn from the lifetime models' Laplace approximation, for per-customer 80% intervals; null for a
    /// bundle trained without them (older bundles, or a likelihood too flat at the estimate), whose scores carry none.
    /// </summary>
    public LifetimeParameterDraws? Uncertainty { get; }

    /// <summary>The segment ids in component order: the ids of <see cref="CustomerScore.SegmentProbabilities"/>.</summary>
    public IReadOnlyList<int> SegmentIds => [.. Segments.Select(s => s.Id)];

    /// <summary>The published segments as identities for matching a retrained model's segments to these.</summary>
    public IReadOnlyList<SegmentIdentity> SegmentIdentities() =>
        [.. Segments.Select(s => new SegmentIdentity(s.Id, s.Name, s.Centroid))];
}
