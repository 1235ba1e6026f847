using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The steps of `segment demo` over the configured services: featurize a file of events as the Event Hubs function
/// would, read the feature documents as they stand, train a model bundle, and compare its segments with the shop's
/// ground truth. The command presents; this class does the work through the same services as the function app.
/// </summary>
internal sealed class DemoPipeline(IEventBatchProcessor processor, IFeatureStore store, TimeProvider time)
{
    public async Task<IngestTotals> IngestAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var now = time.GetUtcNow();
        var settings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, IngestSettings.SequenceStartAt(now), now);
        return await new EventFileIngestor(processor).IngestAsync(file, settings, progress, cancellationToken);
    }

    /// <summary>Every feature document as it stands now: the shop seen as of the last event ingested.</summary>
    public async Task<IReadOnlyList<CustomerFeatures>> ReadDocumentsAsync(CancellationToken cancellationToken)
    {
        var documents = new List<CustomerFeatures>();
        await foreach (var document in store.ReadAllAsync(cancellationToken))
        {
            documents.Add(document);
        }

        return documents;
    }

    public ModelBundleTrainingResult Train(
        IReadOnlyList<CustomerFeatures> atAsOf, DateTimeOffset asOf, IReadOnlyList<CustomerFeatures> atCutoff, int horizonDays, int seed,
        CancellationToken cancellationToken) =>
        new ModelBundleTrainer(TrainingOptions(horizonDays, seed), time)
            .Train(new ModelBundleTrainingInput(atAsOf, asOf, atCutoff), cancellationToken);

    /// <summary>The demo's training options; the report reproduces the churn holdout from the same seed and share.</summary>
    public static ModelBundleTrainingOptions TrainingOptions(int horizonDays, int seed) =>
        new() { ChurnHorizonDays = horizonDays, Seed = seed };

    /// <summary>Writes the marketer's report of the trained bundle into <paramref name="outDir"/>.</summary>
    /// <exception cref="ReportDataException">The documents do not fit the bundle; nothing was written.</exception>
    public static async Task<RenderedReport> WriteReportAsync(
        ReportRenderer renderer, string title, ModelBundle bundle, IReadOnlyList<CustomerFeatures> atAsOf, IReadOnlyList<CustomerFeatures> atCutoff,
        int horizonDays, int seed, string outDir, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        var data = await Task.Run(
            () => new ReportDataBuilder(TrainingOptions(horizonDays, seed))
                .Build(title, generatedAt, bundle, atAsOf, atCutoff, cancellationToken),
            cancellationToken);
        return await renderer.RenderAsync(data, outDir, cancellationToken);
    }

    /// <summary>Adjusted Rand index between the bundle's most likely segment and the generator's latent segment.</summary>
    public static double SegmentAgreement(ModelBundle bundle, IReadOnlyList<CustomerFeatures> documents, DateTimeOffset asOf, IEnumerable<SyntheticCustomerTruth> truth)
    {
        var trueSegment = truth.ToDictionary(t => t.CustomerId, t => t.Segment, StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var scorer = new CustomerScorer(bundle);
        var found = new List<int>(documents.Count);
        var actual = new List<int>(documents.Count);
        foreach (var document in documents)
        {
            if (!trueSegment.TryGetValue(document.CustomerId, out var segment))
            {
                continue;
            }

            found.Add(scorer.Score(document, asOf, explainChurn: false).SegmentId);
            actual.Add(names.TryGetValue(segment, out var id) ? id : names[segment] = names.Count);
        }

        return ClusteringMetrics.AdjustedRandIndex(found.ToArray(), actual.ToArray());
    }
}
