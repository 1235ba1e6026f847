using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// Everything the marketer's report shows, already computed: the renderer only draws and describes it. Optional parts
/// (null or empty) are left out of the report with a note saying why.
/// </summary>
/// <param name="Customers">Per-customer points for the recency x frequency chart; the renderer draws a fixed-seed sample
/// of at most <see cref="CustomerPoint.MaxPlotted"/>.</param>
/// <param name="Drivers">Global importance of the churn classifier's features; empty when there is no classifier.</param>
internal sealed record ReportData(
    string Title,
    DateTimeOffset GeneratedAt,
    string ModelVersion,
    DateOnly AsOf,
    ReportSegments Segments,
    ModelSelection? ModelSelection,
    IReadOnlyList<CustomerPoint> Customers,
    ChurnEvaluation? Churn,
    IReadOnlyList<FeatureImportance> Drivers,
    AliveSurface? Alive,
    LifetimeValues? LifetimeValues,
    SegmentFlows? Flows);
