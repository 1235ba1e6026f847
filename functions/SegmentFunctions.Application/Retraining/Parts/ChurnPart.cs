using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// The stored form of a <see cref="Training.ChurnFit"/> beside the classifier's own zip: its held-out quality and
/// the held-out customers, on which the challenger is evaluated.
/// </summary>
public sealed record ChurnPart(ChurnQuality? Quality, string? NotTrainedReason, IReadOnlyList<string> HoldoutCustomerIds, IReadOnlyList<string> Warnings);
