using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The labels a classifier trained at one cut-off gave its held-out customers: <paramref name="Churned"/>[i] is whether
/// <see cref="ChurnFit.HoldoutCustomerIds"/>[i] had no purchase day in (<paramref name="Cutoff"/>,
/// <paramref name="Cutoff"/> + <paramref name="HorizonDays"/>] in the documents at T (<see cref="AsOfDays.IsInWindow"/>).
/// An evaluation on the same window reuses them instead of reading T again.
/// </summary>
public sealed record ChurnHoldoutLabels(DateTimeOffset Cutoff, int HorizonDays, IReadOnlyList<bool> Churned)
{
    /// <summary>Whether these are the labels of the window (<paramref name="cutoff"/>, <paramref name="cutoff"/> + <paramref name="horizonDays"/>].</summary>
    public bool IsWindow(DateTimeOffset cutoff, int horizonDays) => Cutoff == cutoff && HorizonDays == horizonDays;
}
