using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// The report of the store's serving model, from what the retraining run left behind: the current bundle in the
/// registry, the feature snapshot at its as-of time T (the documents it was trained on) and the one nearest T - H
/// (the churn labels' cut-off), exactly the pair the retraining run trained the classifier on.
/// </summary>
/// <param name="training">The options the retraining run trains with; the churn evaluation reproduces its held-out
/// customers from their seed and test share.</param>
internal sealed class CurrentModelReportBuilder(
    ModelRegistry registry, SnapshotCatalog catalog, FeatureSnapshotReader snapshots, ModelBundleTrainingOptions training)
{
    /// <summary>
    /// How far the snapshot at T may be from the bundle's as-of time. The run trains on the snapshot it took, so they
    /// match; a snapshot after T would hold documents the model never saw, which the report data rejects.
    /// </summary>
    public static readonly TimeSpan AsOfTolerance = TimeSpan.FromHours(1);

    /// <summary>How far the cut-off snapshot may be from T - H: the retraining run's own tolerance for labelling.</summary>
    public static readonly TimeSpan CutoffTolerance = TimeSpan.FromDays(7);

    /// <summary>The report data of the current model; null when no model has been published yet.</summary>
    /// <exception cref="ReportDataException">The model or its snapshots cannot be read, or do not fit together.</exception>
    public async Task<CurrentModelReport?> BuildAsync(string title, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        if (await registry.GetCurrentAsync(cancellationToken) is not { } current)
        {
            return null;
        }

        var version = current.Model.Version;
        var bundle = await LoadAsync(version, cancellationToken);
        var atAsOf = await catalog.FindNearestAsync(bundle.AsOf, AsOfTolerance, cancellationToken)
            ?? throw new ReportDataException(
                $"Model {version} was trained as of {bundle.AsOf:O}, but no feature snapshot of that time is left in the store (snapshot retention may have removed it).");
        var cutoff = bundle.AsOf.AddDays(-bundle.ChurnHorizonDays);
        var atCutoff = bundle.Churn is null ? null : await catalog.FindNearestAsync(cutoff, CutoffTolerance, cancellationToken);

        var documents = await ReadAsync(atAsOf, cancellationToken);
        var cutoffDocuments = atCutoff is null ? null : await ReadAsync(atCutoff, cancellationToken);
        var options = training with { ChurnHorizonDays = bundle.ChurnHorizonDays, TimeUnit = bundle.TimeUnit };
        var data = await Task.Run(
            () => new ReportDataBuilder(options).Build(title, generatedAt, bundle, documents, cutoffDocuments, cancellationToken),
            cancellationToken);
        return new CurrentModelReport(data, bundle, atAsOf, atCutoff);
    }

    private async Task<ModelBundle> LoadAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await registry.OpenBundleAsync(version, cancellationToken);
            return await ModelBundleSerializer.LoadAsync(stream, cancellationToken);
        }
        catch (Exception e) when (e is ModelVersionNotFoundException or ModelBundleFormatException)
        {
            throw new ReportDataException($"The current model {version} cannot be loaded: {e.Message}");
        }
    }

    private async Task<List<CustomerFeatures>> ReadAsync(SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var documents = new List<CustomerFeatures>((int)Math.Min(manifest.RowCount, int.MaxValue));
        try
        {
            await foreach (var document in snapshots.ReadAsync(manifest.SnapshotId, cancellationToken))
            {
                documents.Add(document);
            }
        }
        catch (Exception e) when (e is SnapshotNotFoundException or SnapshotCorruptException or SnapshotSchemaException)
        {
            throw new ReportDataException($"Snapshot {manifest.SnapshotId} cannot be read: {e.Message}");
        }

        return documents;
    }
}
