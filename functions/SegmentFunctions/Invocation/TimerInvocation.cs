namespace SegmentFunctions.Invocation;

/// <summary>
/// A timerTrigger invocation: the host's <c>TimerInfo</c> (whether the tick is late, and with the schedule monitor the
/// last and next occurrences) and when the host invoked the function.
/// </summary>
public sealed record TimerInvocation(bool IsPastDue, DateTimeOffset? LastOccurrence, DateTimeOffset? NextOccurrence, DateTimeOffset? InvokedAt);
