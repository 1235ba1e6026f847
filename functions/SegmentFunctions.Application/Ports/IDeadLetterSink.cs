namespace SegmentFunctions.Application.Ports;

/// <summary>
/// Where events that fail validation go, with their raw body and reason. Writing the same letters again (a replayed
/// batch) must not duplicate them: letters are keyed by source partition and sequence number.
/// </summary>
public interface IDeadLetterSink
{
    Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);
}
