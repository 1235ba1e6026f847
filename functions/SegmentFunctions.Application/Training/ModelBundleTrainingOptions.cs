using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Training;

/// <summary>Settings of <see cref="ModelBundleTrainer"/>; bindable from configuration.</summary>
public sealed record ModelBundleTrainingOptions
{
    /// <summary>
    /// The segmentation columns, chosen for being informative and little redundant: the RFM triple (recency, repeat
    /// frequency, spend per purchase day), tenure, engagement (sessions, e-mail opens), cart conversion and the 30-day
    /// decayed activity, which separates recently active from lapsed customers better than counts. Totals (revenue,
    /// orders) and the BG/NBD times are left out: they are near-copies of frequency, monetary and tenure and would
    /// double their weight in the mixture. Columns the table dropped as constant are skipped.
    /// </summary>
    public static IReadOnlyList<string> DefaultSegmentationColumns { get; } =
    [
        FeatureNames.RecencyDays, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.TenureDays,
        FeatureNames.Sessions, FeatureNames.CartToPurchase, FeatureNames.EmailOpens, FeatureNames.DecayedActivity30,
    ];

    public LifetimeTimeUnit TimeUnit { get; init; } = LifetimeTimeUnit.Week;
    public IReadOnlyList<string> SegmentationColumns { get; init; } = DefaultSegmentationColumns;
    /// <summary>Upper bound on the segments; the mixture finds how many the data supports.</summary>
    public int MaxComponents { get; init; } = 10;
    public int Restarts { get; init; } = 3;
    public int Seed { get; init; } = 42;
    /// <summary>H: churn is no purchase within this many days.</summary>
    public int ChurnHorizonDays { get; init; } = 90;

    /// <summary>
    /// L2 penalty on the log-parameters used when a BG/NBD or Gamma-Gamma fit does not converge by plain maximum
    /// likelihood (see <see cref="LifetimeFitOptions.Penalizer"/>).
    /// </summary>
    public double FallbackPenalizer { get; init; } = 0.01;
    /// <summary>Share of labelled customers held out to measure the classifier against the baseline.</summary>
    public double ChurnTestShare { get; init; } = 0.25;
    public ChurnClassifierOptions Churn { get; init; } = new();
    public DataReadinessOptions Readiness { get; init; } = new();
    public ClvSettings Clv { get; init; } = ClvSettings.Default;
}
