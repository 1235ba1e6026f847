using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Evaluation;

/// <summary>What a backtest measured: lifetime fits and their holdout check, churn models compared on the holdout, segmentation.</summary>
public sealed record BacktestResult(
    BacktestRequest Request,
    int Transactions,
    BgNbdModel BgNbd,
    GammaGammaModel? GammaGamma,
    HoldoutComparison Holdout,
    BacktestChurn Churn,
    BacktestSegmentation Segmentation,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Churn ("no purchase in the holdout") of the customers known at the calibration end, and each model's quality on it.
/// <see cref="Models"/> is keyed by <see cref="BacktestModels"/> names; <see cref="Best"/> has the highest holdout ROC
/// AUC. <see cref="Serving"/> is the model the retraining would serve (<see cref="ChurnServingRule"/>: chosen on the
/// training's validation split, not on the holdout), <see cref="ServingReason"/> says why.
/// </summary>
/// <param name="ClassifierPlan">The classifier's cut-offs and label horizon; null when none was trained.</param>
public sealed record BacktestChurn(
    int Customers,
    double Rate,
    IReadOnlyDictionary<string, ChurnMetrics> Models,
    string Best,
    string? ClassifierNotTrainedReason,
    string Serving,
    string ServingReason,
    string? ClassifierPlan);

/// <summary>The segmentation of the customers at the calibration end: segments kept, customers per segment id and names.</summary>
public sealed record BacktestSegmentation(int EffectiveK, IReadOnlyDictionary<int, int> Sizes, IReadOnlyDictionary<int, string> Names);

/// <summary>Names of the churn models a backtest compares.</summary>
public static class BacktestModels
{
    /// <summary>The churn classifier trained as the retraining would at the calibration end (serving or not).</summary>
    public const string Classifier = "classifier";

    /// <summary>BG/NBD expected purchases in the holdout (fewer expected purchases ranks as more likely to churn).</summary>
    public const string BgNbd = "bgnbd";

    /// <summary>The rule "no purchase in the last H/2 days".</summary>
    public const string Recency = "recency";
}
