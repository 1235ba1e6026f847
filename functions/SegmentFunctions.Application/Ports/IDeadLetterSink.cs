namespace SegmentFunctions.Application.Ports;

/// <summary>
/// Where events that fail validation go, with their raw body and reason. Append-only: one stored object per letter,
/// named by source, partition and sequence number (or a hash of the content) and the reason code, so writing the same
/// letters again (a replay with any batch boundaries) neither duplicates nor overwrites any.
/// </summary>
public interface IDeadLetterSink
{
    Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);
}
