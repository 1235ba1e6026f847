namespace SegmentFunctions.Application.Orchestration;

/// <summary>An activity failed permanently (Durable's TaskFailedException); the orchestrator may catch it.</summary>
public sealed class ActivityFailedException(string activityName, int sequence, ActivityFailure failure)
    : Exception($"Activity '{activityName}' (call {sequence}) failed: {failure.ErrorType}: {failure.Message}")
{
    public string ActivityName { get; } = activityName;
    public int Sequence { get; } = sequence;
    public ActivityFailure Failure { get; } = failure;
}
