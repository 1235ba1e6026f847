namespace SegmentFunctions.Application.Retraining;

/// <summary>The step names a run reports in its custom status (<c>customStatus.step</c>).</summary>
public static class RetrainSteps
{
    public const string Snapshot = "snapshot";
    public const string Readiness = "readiness";
    public const string Fit = "fit";
    public const string Assemble = "assemble";
    public const string Evaluate = "evaluate";
    public const string Publish = "publish";
    public const string BatchScore = "batch-score";
    public const string Done = "done";
}
