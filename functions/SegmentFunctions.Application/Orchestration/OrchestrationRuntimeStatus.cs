namespace SegmentFunctions.Application.Orchestration;

/// <summary>Durable's runtime statuses that this engine uses.</summary>
public enum OrchestrationRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}
