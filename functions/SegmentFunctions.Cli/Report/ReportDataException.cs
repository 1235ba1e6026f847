namespace SegmentFunctions.Cli.Report;

/// <summary>The report data is inconsistent (lengths that disagree, no segment with customers); nothing was written.</summary>
internal sealed class ReportDataException(string message) : Exception(message);
