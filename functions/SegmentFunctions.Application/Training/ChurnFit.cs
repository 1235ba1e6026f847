using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The churn part of a bundle: the classifier that serves churn with its held-out quality, or none and the reason
/// (churn is then scored from BG/NBD: the data was not ready, or the classifier validated worse than BG/NBD).
/// </summary>
/// <param name="Classifier">The serving classifier; null when BG/NBD serves.</param>
/// <param name="Readiness">The readiness report of the labels; null when there were none to check (cold start).</param>
/// <param name="HoldoutCustomerIds">The customers held out from training, on which <paramref name="Quality"/> was measured.</param>
/// <param name="Serving">The validation that chose the serving model; null when no classifier was trained (or the
/// part was read back from storage, where the outcome is in <paramref name="Classifier"/> and <paramref name="NotTrainedReason"/>).</param>
/// <param name="HoldoutLabels">The labels of <paramref name="HoldoutCustomerIds"/> when the classifier was trained at one
/// cut-off; null on a rolling origin, whose customers have a label per cut-off.</param>
public sealed record ChurnFit(
    ChurnClassifier? Classifier,
    ChurnQuality? Quality,
    DataReadinessReport? Readiness,
    string? NotTrainedReason,
    IReadOnlyList<string> HoldoutCustomerIds,
    IReadOnlyList<string> Warnings,
    ChurnServingChoice? Serving = null,
    ChurnHoldoutLabels? HoldoutLabels = null)
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
