using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;

namespace SegmentFunctions.Cli.Demo;

/// <summary>What one demo run produced.</summary>
/// <param name="SegmentAgreement">Adjusted Rand index of the found segments against the generator's latent segments.</param>
/// <param name="Report">The marketer's report written next to the events.</param>
internal sealed record DemoOutcome(
    long EventsGenerated,
    IngestTotals BeforeCutoff,
    IngestTotals Holdout,
    int Customers,
    ModelBundleTrainingResult Trained,
    double SegmentAgreement,
    RenderedReport Report);
