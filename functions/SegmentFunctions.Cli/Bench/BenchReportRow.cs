namespace SegmentFunctions.Cli.Bench;

/// <summary>One line of `segment bench` output: a figure and its ratio to the baseline measured in the same run.</summary>
internal sealed record BenchReportRow(
    string Benchmark,
    string Metric,
    double Median,
    string Unit,
    int Repetitions,
    double? BaselineMedian,
    string? Baseline,
    double? Ratio,
    string? Goal)
{
    public static BenchReportRow From(BenchFigure figure) => new(
        figure.Benchmark,
        figure.Metric,
        figure.Median,
        figure.Unit,
        figure.Repetitions,
        figure.BaselineMedian,
        figure.Baseline,
        figure.BaselineMedian is > 0 ? figure.Median / figure.BaselineMedian : null,
        figure.Goal);
}
