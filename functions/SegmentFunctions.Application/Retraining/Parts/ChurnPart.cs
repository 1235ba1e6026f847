using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// The stored form of a <see cref="ChurnFit"/> beside the classifier's own zip: its held-out quality and
/// the held-out customers, on which the challenger is evaluated, with their labels when the classifier was trained at
/// one cut-off (<see cref="ChurnFit.HoldoutLabels"/>; absent from parts written before they were kept).
/// </summary>
public sealed record ChurnPart(
    ChurnQuality? Quality,
    string? NotTrainedReason,
    IReadOnlyList<string> HoldoutCustomerIds,
    IReadOnlyList<string> Warnings,
    ChurnHoldoutLabels? HoldoutLabels = null);
