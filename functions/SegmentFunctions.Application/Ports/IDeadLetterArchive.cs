namespace SegmentFunctions.Application.Ports;

/// <summary>A dead-letter sink whose letters can be read back (for inspection and re-drive).</summary>
public interface IDeadLetterArchive : IDeadLetterSink
{
    /// <summary>Every stored letter, batch by batch in key order, in constant memory per batch.</summary>
    IAsyncEnumerable<DeadLetter> ReadAllAsync(CancellationToken cancellationToken);
}
