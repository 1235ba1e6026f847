namespace SegmentFunctions.Cli.Report;

/// <summary>One customer's predicted lifetime value and segment.</summary>
internal sealed record CustomerValue(int Segment, double Value);
