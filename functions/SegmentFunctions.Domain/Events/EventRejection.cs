namespace SegmentFunctions.Domain.Events;

/// <summary>Why an event body was rejected: a stable code (<see cref="EventRejectionCodes"/>) and a message for people.</summary>
public sealed record EventRejection(string Code, string Message)
{
    /// <summary>"code: message", the form stored as the dead-letter reason.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
