namespace SegmentFunctions.Cli.Report;

/// <summary>A rendered chart: its PNG file name (next to report.html), title and one-line reading.</summary>
internal sealed record ReportChart(string FileName, string Title, string Reading);
