using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;

namespace SegmentFunctions.Cli.Demo;

/// <summary>What one demo run produced.</summary>
/// <param name="SegmentAgreement">Adjusted Rand index of the found segments against the generator's latent segments;
/// null for a transaction file, which has no ground truth.</param>
/// <param name="Report">The marketer's report written next to the events.</param>
internal sealed record DemoOutcome(
    DemoEvents Input,
    IngestTotals BeforeCutoff,
    IngestTotals Holdout,
    int Customers,
    ModelBundleTrainingResult Trained,
    double? SegmentAgreement,
    RenderedReport Report);
