namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// One segment described in original units. Per feature j (in <see cref="SegmentProfileSet.ColumnNames"/> order):
/// Means/Medians of the members; StandardizedMeans = (segment mean - population mean) / population std, for charts;
/// Levels = the share of the population whose value is below the segment mean (ties count half), a skew-robust
/// "how high is this segment" in [0, 1]. Empty segments have NaN statistics. Medians are empty where the profiles were
/// accumulated from rows streamed in blocks (<see cref="SegmentProfileAccumulator"/>: a retraining run's, whose
/// segment names and catalog read means and levels only); <see cref="SegmentProfiler"/> gives them for rows in memory.
/// </summary>
public sealed record SegmentProfile(
    int Segment,
    int Size,
    double CustomerShare,
    double RevenueShare,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Medians,
    IReadOnlyList<double> StandardizedMeans,
    IReadOnlyList<double> Levels);
