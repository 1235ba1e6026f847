namespace SegmentFunctions.Domain.Readiness;

/// <summary>Every readiness check with its outcome, and the fallback to use when one failed.</summary>
public sealed record DataReadinessReport(IReadOnlyList<ReadinessCheck> Checks, ChurnFallback Fallback)
{
    public bool IsReady => Checks.All(c => c.Passed);

    public IEnumerable<ReadinessCheck> Failures => Checks.Where(c => !c.Passed);

    public override string ToString() =>
        string.Join(Environment.NewLine, Checks.Select(c => $"[{(c.Passed ? "pass" : "FAIL")}] {c.Name}: {c.Message}"));
}
