namespace SegmentFunctions.Application.Registry;

/// <summary>
/// A model measured on the holdout: the churn classifier's AUC and the number of holdout customers assigned to each
/// segment. Champion and challenger must be measured on the same holdout for the gate to compare them.
/// </summary>
public sealed record ModelEvaluation(double Auc, IReadOnlyList<long> SegmentSizes);
