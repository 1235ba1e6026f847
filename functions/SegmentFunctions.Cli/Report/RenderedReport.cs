namespace SegmentFunctions.Cli.Report;

/// <summary>What <see cref="ReportRenderer"/> wrote: the HTML page, its charts, and notes on the parts left out.</summary>
internal sealed record RenderedReport(string HtmlPath, IReadOnlyList<ReportChart> Charts, IReadOnlyList<string> Omitted);
