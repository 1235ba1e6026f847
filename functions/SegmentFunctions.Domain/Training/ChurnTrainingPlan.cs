using System.Globalization;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Where a churn classifier's labelled rows come from. <see cref="IsRollingOrigin"/> false: one cut-off T - H with
/// labels "no purchase in (T - H, T]", when the history before T - H is long enough. True (a short history): several
/// cut-offs c_0 &gt; c_1 &gt; ... with the horizon h that fits (<see cref="ChurnTrainingPlanner"/>), each row labelled
/// "no purchase in (c_j, c_j + h]", rows of every cut-off pooled.
/// </summary>
/// <param name="Cutoffs">Cut-offs at UTC midnight, latest first; c_0 + h is at most T.</param>
/// <param name="HorizonDays">h, the label window of every cut-off.</param>
public sealed record ChurnTrainingPlan(IReadOnlyList<DateTimeOffset> Cutoffs, int HorizonDays, bool IsRollingOrigin)
{
    public override string ToString() => IsRollingOrigin
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"rolling origin: {Cutoffs.Count} cut-offs ({string.Join(", ", Cutoffs.Select(c => c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}), labels 'no purchase in the next {HorizonDays} days', rows pooled")
        : string.Create(CultureInfo.InvariantCulture, $"one cut-off {Cutoffs[0]:yyyy-MM-dd}, labels 'no purchase in the next {HorizonDays} days'");
}
