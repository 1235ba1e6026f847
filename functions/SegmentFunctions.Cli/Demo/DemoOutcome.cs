using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Retrain;

namespace SegmentFunctions.Cli.Demo;

/// <summary>What one demo run produced.</summary>
/// <param name="CutoffSnapshot">The snapshot at T - H the run labelled churn from.</param>
/// <param name="Report">The serving model's report data, from the registry and the snapshots.</param>
/// <param name="SegmentAgreement">Adjusted Rand index of the batch-scored segments against the generator's latent
/// segments; null for a transaction file, which has no ground truth.</param>
/// <param name="Steps">Wall time of each step, in the order they ran.</param>
internal sealed record DemoOutcome(
    DemoEvents Input,
    IngestTotals BeforeCutoff,
    IngestTotals Holdout,
    SnapshotManifest CutoffSnapshot,
    RetrainRun Run,
    CurrentModelReport Report,
    RenderedReport Rendered,
    double? SegmentAgreement,
    IReadOnlyList<DemoStepTime> Steps);
