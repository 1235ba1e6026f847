namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// The churn part, stored in <paramref name="Blob"/> (quality, held-out customers) and, when trained,
/// <paramref name="ClassifierBlob"/>; without a classifier, <paramref name="NotTrainedReason"/> says why.
/// </summary>
public sealed record ChurnPartResult(
    string Blob, string? ClassifierBlob, string? NotTrainedReason, int HoldoutCustomers, double? Auc, double? BaselineAuc);
