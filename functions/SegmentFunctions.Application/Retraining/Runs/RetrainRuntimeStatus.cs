namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// Durable's runtime statuses as a run reports them. Terminated and canceled instances read as Failed (with the
/// reason in the failure); a suspended one as Running.
/// </summary>
public enum RetrainRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}
