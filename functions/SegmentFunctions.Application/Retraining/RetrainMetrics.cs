namespace SegmentFunctions.Application.Retraining;

/// <summary>The figures of a run's challenger, as shown in the run's result and published with the model.</summary>
/// <param name="Customers">Customers of the training table as of T.</param>
/// <param name="Segments">Segments the mixture kept.</param>
/// <param name="SegmentSizes">Holdout customers per challenger segment (training customers when there is no holdout).</param>
/// <param name="HoldoutCustomers">Labelled customers both models were scored on; 0 without labels (cold start).</param>
/// <param name="ChallengerAuc">Churn ROC AUC of the challenger on the holdout; null without labels.</param>
/// <param name="ChampionAuc">The champion's on the same holdout; null without labels or champion.</param>
/// <param name="ChurnClassifierTrained">False on cold start or when the labels were not ready: churn is then scored from BG/NBD.</param>
/// <param name="ChurnNotTrainedReason">Why no classifier was trained, null when one was.</param>
public sealed record RetrainMetrics(
    int Customers,
    int Segments,
    IReadOnlyList<long> SegmentSizes,
    int HoldoutCustomers,
    double? ChallengerAuc,
    double? ChampionAuc,
    bool ChurnClassifierTrained,
    string? ChurnNotTrainedReason,
    double Elbo,
    double BgNbdLogLikelihood,
    double? GammaGammaLogLikelihood);
