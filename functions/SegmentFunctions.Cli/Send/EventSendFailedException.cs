namespace SegmentFunctions.Cli.Send;

/// <summary>A batch could not be sent after the client's retries; the events sent before are in <see cref="Totals"/>.</summary>
internal sealed class EventSendFailedException(SendTotals totals, Exception inner)
    : Exception($"Sending failed after the client's retries: {inner.Message}", inner)
{
    public SendTotals Totals { get; } = totals;
}
