using System.Globalization;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Retrain;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The steps of `segment demo` over the product's services: featurize a file of events as the Event Hubs function
/// would, snapshot the store at the churn cut-off, run the retraining orchestration at T (it snapshots T, trains with
/// the cut-off snapshot's labels, publishes; the runner batch-scores), and build the report from the registry and the
/// snapshots as `segment report` does. The command presents; this class does the work.
/// </summary>
internal sealed class DemoPipeline(
    IEventBatchProcessor processor,
    FeatureSnapshotWriter snapshots,
    RetrainRunner retraining,
    CurrentModelReportBuilder reports,
    ReportRenderer renderer,
    BatchScoreReader scores,
    TimeProvider time)
{
    /// <summary>Recorded in the manifest of the cut-off snapshot as its source.</summary>
    public const string SnapshotSource = "demo";

    public async Task<IngestTotals> IngestAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var now = time.GetUtcNow();
        var settings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, now);
        return await new EventFileIngestor(processor).IngestAsync(file, settings, progress, cancellationToken);
    }

    /// <summary>
    /// The store as of the cut-off T - H, taken after the events before it are featurized: the run finds it near
    /// T - H and labels churn from it. The id carries the wall-clock time, so a configured store that already holds a
    /// snapshot of an earlier demo at the same cut-off gets a new one rather than the old one back.
    /// </summary>
    public Task<SnapshotManifest> SnapshotAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"s{cutoff.UtcDateTime:yyyyMMdd'-'HHmmss}-demo-{time.GetUtcNow().UtcDateTime:yyyyMMddHHmmssfff}");
        return snapshots.WriteAsync(new SnapshotRequest(id, cutoff, SnapshotSource), null, cancellationToken);
    }

    /// <summary>
    /// Runs the retraining orchestration as of <paramref name="asOf"/>, the end of the event history (the event-time
    /// clock, not the wall clock: the demo's events may be years old or in the future). Forced, so a demo on a
    /// configured store replaces a fresh model; the promotion gate still decides.
    /// </summary>
    public Task<RetrainRun> RetrainAsync(DateTimeOffset asOf, IProgress<RetrainProgress>? progress, CancellationToken cancellationToken) =>
        retraining.RunAsync(new RetrainRequest("demo", asOf, Force: true), progress, cancellationToken);

    /// <summary>The serving model's report, written into <paramref name="outDir"/>; null when no model serves.</summary>
    /// <exception cref="ReportDataException">The model or its snapshots do not fit together; nothing was written.</exception>
    public async Task<(CurrentModelReport Report, RenderedReport Rendered)?> WriteReportAsync(string title, string outDir, CancellationToken cancellationToken)
    {
        if (await reports.BuildAsync(title, time.GetUtcNow(), cancellationToken) is not { } report)
        {
            return null;
        }

        return (report, await renderer.RenderAsync(report.Data, outDir, cancellationToken));
    }

    /// <summary>
    /// Adjusted Rand index between the segments of the version's batch scores and the generator's latent segments;
    /// null when the version has no batch scores.
    /// </summary>
    public async Task<double?> SegmentAgreementAsync(string version, IEnumerable<SyntheticCustomerTruth> truth, CancellationToken cancellationToken)
    {
        if (await scores.ReadManifestAsync(version, cancellationToken) is null)
        {
            return null;
        }

        var trueSegment = truth.ToDictionary(t => t.CustomerId, t => t.Segment, StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<int>(trueSegment.Count);
        var actual = new List<int>(trueSegment.Count);
        await foreach (var score in scores.ReadAllAsync(version, cancellationToken))
        {
            if (trueSegment.TryGetValue(score.CustomerId, out var segment))
            {
                found.Add(score.SegmentId);
                actual.Add(names.TryGetValue(segment, out var id) ? id : names[segment] = names.Count);
            }
        }

        return ClusteringMetrics.AdjustedRandIndex(found.ToArray(), actual.ToArray());
    }
}
