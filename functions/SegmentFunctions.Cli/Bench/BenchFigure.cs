namespace SegmentFunctions.Cli.Bench;

/// <summary>One measured figure: the median of the repetitions, and the baseline's median from the same run if any.</summary>
internal sealed record BenchFigure(
    string Benchmark,
    string Metric,
    double Median,
    string Unit,
    int Repetitions,
    double? BaselineMedian = null,
    string? Baseline = null,
    string? Goal = null);
