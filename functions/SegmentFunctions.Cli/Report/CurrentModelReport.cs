using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Cli.Report;

/// <summary>The report data of the serving model and where it came from.</summary>
/// <param name="AtCutoff">The snapshot at T - H the churn evaluation used; null when the store holds none.</param>
internal sealed record CurrentModelReport(ReportData Data, ModelBundle Bundle, SnapshotManifest AtAsOf, SnapshotManifest? AtCutoff);
