using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The churn part of a bundle: a classifier with its held-out quality, or none and the reason (churn is then scored
/// from BG/NBD).
/// </summary>
/// <param name="Readiness">The readiness report of the labels; null when there were none to check (cold start).</param>
/// <param name="HoldoutCustomerIds">The customers held out from training, on which <paramref name="Quality"/> was measured.</param>
public sealed record ChurnFit(
    ChurnClassifier? Classifier,
    ChurnQuality? Quality,
    DataReadinessReport? Readiness,
    string? NotTrainedReason,
    IReadOnlyList<string> HoldoutCustomerIds,
    IReadOnlyList<string> Warnings)
{
    /// <summary>No classifier, for a reason that is not a finding about the data (e.g. no labels yet).</summary>
    public static ChurnFit NotTrained(string reason) => new(null, null, null, reason, [], []);

    /// <summary>No classifier because the data failed the readiness check; the reason is also a warning.</summary>
    public static ChurnFit NotReady(DataReadinessReport readiness)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        var reason = $"The data is not ready for a churn classifier: {string.Join(" ", readiness.Failures.Select(f => f.Message))} Churn is scored from BG/NBD.";
        return new ChurnFit(null, null, readiness, reason, [], [reason]);
    }
}
