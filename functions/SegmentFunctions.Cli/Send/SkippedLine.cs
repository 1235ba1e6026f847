namespace SegmentFunctions.Cli.Send;

/// <summary>A line of the events file that was not sent, and why.</summary>
internal sealed record SkippedLine(long LineNumber, string Reason);
