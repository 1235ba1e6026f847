using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Readiness;

/// <summary>Every readiness check with its outcome, the fallback to use when one failed, and the training plan (null when the history allows none).</summary>
public sealed record DataReadinessReport(IReadOnlyList<ReadinessCheck> Checks, ChurnFallback Fallback, ChurnTrainingPlan? Plan = null)
{
    public bool IsReady => Checks.All(c => c.Passed);

    public IEnumerable<ReadinessCheck> Failures => Checks.Where(c => !c.Passed);

    public override string ToString() =>
        string.Join(Environment.NewLine, Checks.Select(c => $"[{(c.Passed ? "pass" : "FAIL")}] {c.Name}: {c.Message}"));
}
