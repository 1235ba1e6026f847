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
    /// The segmentation columns describe how a customer behaves while active, not where it stands in its lifecycle:
    /// browsing depth (views per session), visit and e-mail open rates per year of tenure, e-mail clicks per open and
    /// cart adds per session, the last three shrunk so that customers with few events stay continuous (a Gaussian
    /// mixture fits a spike of identical values with its own degenerate component). Recency, counts, totals and decayed activity are left out on purpose: they mix a
    /// customer's kind with its age and with whether it has lapsed, so each latent group smears into several
    /// non-Gaussian clusters (lapsed, active, new) that the mixture splits. Those columns still profile and name the
    /// segments (<see cref="Domain.Models.Segmentation.SegmentProfiler"/> reads the whole table) and feed the lifetime
    /// and churn models. Columns the table dropped as constant are skipped.
    /// </summary>
    public static IReadOnlyList<string> DefaultSegmentationColumns { get; } =
    [
        FeatureNames.ViewsPerSession, FeatureNames.SessionsPerYear, FeatureNames.EmailOpensPerYear,
        FeatureNames.EmailClicksPerOpen, FeatureNames.CartsPerSession,
    ];

    /// <summary>
    /// Used instead of <see cref="SegmentationColumns"/> when no customer has a session or an e-mail open (a shop known
    /// from its transactions only, such as CDNOW): the behaviour rates would then be their shrinkage priors alone, so
    /// the segments follow purchase behaviour (recency, frequency, spend).
    /// </summary>
    public static IReadOnlyList<string> PurchaseSegmentationColumns { get; } =
    [
        FeatureNames.RecencyDays, FeatureNames.Frequency, FeatureNames.Monetary,
    ];

    public LifetimeTimeUnit TimeUnit { get; init; } = LifetimeTimeUnit.Week;
    public IReadOnlyList<string> SegmentationColumns { get; init; } = DefaultSegmentationColumns;
    /// <summary>Upper bound on the segments; the mixture finds how many the data supports.</summary>
    public int MaxComponents { get; init; } = 10;
    public int Restarts { get; init; } = 3;

    /// <summary>
    /// Without a previous bundle, a table with more rows than this fits the mixture's <see cref="Restarts"/> on a seeded
    /// sample of this many rows, then refines the best of them once on every row (pruning small components as usual):
    /// the restarts explore for the best start, which a sample of 200k customers finds as well as a million, and the
    /// refinement starts next to the optimum, so a 1M-customer fit costs about one restart on the whole table. Null
    /// fits every restart on every row.
    /// </summary>
    public int? SegmentationSampleRows { get; init; } = 200_000;

    /// <summary>
    /// Smallest segment, as a share of the customers, the trainer emits: smaller mixture components are merged into
    /// their nearest neighbours and the mixture refitted. A variational mixture on a large table splits off small
    /// components for departures from normality inside one group (count discreteness, shrinkage of customers with few
    /// events), which are not audiences a marketer can act on; 5% keeps the demo's five segments (12% to 30% each)
    /// and drops those artefacts. It is at least the promotion gate's floor
    /// (<see cref="Registry.PromotionGateOptions.MinSegmentShare"/>), so a trained challenger is not rejected for a
    /// degenerate segment; the gate stays as the safety net.
    /// </summary>
    public double MinSegmentShare { get; init; } = 0.05;

    /// <summary>Smallest segment, in customers, the trainer emits (see <see cref="MinSegmentShare"/>).</summary>
    public int MinSegmentCustomers { get; init; } = 20;
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

    /// <summary>
    /// The classifier of a short history (rolling origin, <see cref="Domain.Training.ChurnTrainingPlanner"/>): boosted
    /// stumps, i.e. an additive model of BG/NBD's expected purchases, P(alive) and the purchase-history columns without
    /// interactions. Its rows are few and each customer's rows are correlated, so deeper trees fit noise; on the CDNOW
    /// backtest stumps keep BG/NBD's ranking and add the main effects the data supports, where 16-leaf trees rank worse
    /// than BG/NBD alone.
    /// </summary>
    public ChurnClassifierOptions RollingOriginChurn { get; init; } = new()
    {
        NumberOfLeaves = 2,
        MinimumExampleCountPerLeaf = 50,
        NumberOfTrees = 500,
        LearningRate = 0.05,
    };

    /// <summary>
    /// Most labelled rows the churn classifier is trained on; a larger training share is subsampled uniformly by
    /// customer id (<see cref="Domain.Training.ChurnSample"/>) to this many, the held-out share is capped by
    /// <see cref="ChurnMaxHoldoutRows"/>. Boosted trees of 16 leaves on about 30 columns gain nothing measurable on the
    /// holdout from more rows than this, while FastTree's time and memory grow with them (a 1M-customer retrain must fit
    /// in 3 minutes on 2 cores). The 1M retrain trains on this many already; at 10M the sample stays the same size, so
    /// ML.NET's training (about 60 MB of row values, FastTree's binned copy and per-row work arrays) stays far below
    /// the 1.5 GB an instance can spare beside the other fits. Null trains on every row.
    /// </summary>
    public int? ChurnMaxTrainingRows { get; init; } = 250_000;

    /// <summary>
    /// Most held-out rows the churn classifier is validated on, and the challenger evaluated on (one per customer at a
    /// single cut-off): the held-out customers of smallest place (<see cref="Domain.Training.ChurnSample"/>). The 1M
    /// retrain holds out about this many (25% of its customers), so the cap barely changes it; at 10M the 2.5 million of a
    /// 25% share would cost about 0.7 GB of rows and ids in each of the classifier and the evaluation for no better
    /// measure (the ROC AUC of 250,000 customers is within about 0.001). Null keeps the whole test share.
    /// </summary>
    public int? ChurnMaxHoldoutRows { get; init; } = 250_000;

    public DataReadinessOptions Readiness { get; init; } = new();
    public ClvSettings Clv { get; init; } = ClvSettings.Default;
}
