using Microsoft.Extensions.Options;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// The report of the store's serving model, from what the retraining run left behind: the current bundle in the
/// registry, the feature snapshot at its as-of time T (the documents it was trained on) and the one nearest T - H
/// (the churn labels' cut-off), exactly the pair the retraining run trained the classifier on.
/// </summary>
/// <param name="retraining">The retraining run's settings: the churn evaluation reproduces its held-out customers from
/// the training seed and test share, and finds the cut-off snapshot within the run's tolerance.</param>
internal sealed class CurrentModelReportBuilder(
    ModelRegistry registry, SnapshotCatalog catalog, FeatureSnapshotReader snapshots, BatchScoreReader scores, IOptions<RetrainingOptions> retraining)
{
    /// <summary>
    /// How far the snapshot at T may be from the bundle's as-of time. The run trains on the snapshot it took, so they
    /// match; a snapshot after T would hold documents the model never saw, which the report data rejects.
    /// </summary>
    public static readonly TimeSpan AsOfTolerance = TimeSpan.FromHours(1);

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
        var settings = retraining.Value;
        // The churn table is built as of T - H, so a cut-off snapshot taken after it would hold documents newer than
        // the table; the churn charts are then left out rather than the whole report failing.
        var atCutoff = bundle.Churn is null
            ? null
            : await catalog.FindNearestAsync(cutoff, settings.CutoffTolerance, cancellationToken) is { } nearest && nearest.AsOf <= cutoff
                ? nearest
                : null;

        var documents = await ReadAsync(atAsOf, cancellationToken);
        var cutoffDocuments = atCutoff is null ? null : await ReadAsync(atCutoff, cancellationToken);
        var flows = await FlowsAsync(version, cancellationToken);
        var options = settings.EffectiveTraining() with { ChurnHorizonDays = bundle.ChurnHorizonDays, TimeUnit = bundle.TimeUnit };
        var data = await Task.Run(
            () => new ReportDataBuilder(options).Build(title, generatedAt, bundle, documents, cutoffDocuments, cancellationToken),
            cancellationToken);
        return new CurrentModelReport(data with { Flows = flows }, bundle, atAsOf, atCutoff);
    }

    /// <summary>
    /// The moves between the segments of the previous model and this one, from the batch scores of both; null when the
    /// version was scored without a previous one. New and departed customers have no segment on one side and are not
    /// drawn.
    /// </summary>
    private async Task<SegmentFlows?> FlowsAsync(string version, CancellationToken cancellationToken)
    {
        Application.BatchScoring.SegmentFlows? flows;
        try
        {
            flows = await scores.ReadFlowsAsync(version, cancellationToken);
        }
        catch (BatchScoresCorruptException e)
        {
            throw new ReportDataException($"The segment flows of model {version} cannot be read: {e.Message}");
        }

        if (flows is null)
        {
            return null;
        }

        var previous = await LoadAsync(flows.PreviousVersion, cancellationToken);
        var moves = flows.Flows.Where(f => f is { FromSegmentId: not null, ToSegmentId: not null }).ToArray();
        int[] from = [.. moves.Select(f => f.FromSegmentId!.Value).Distinct().Order()];
        int[] to = [.. moves.Select(f => f.ToSegmentId!.Value).Distinct().Order()];
        var counts = from.Select(_ => new int[to.Length]).ToArray();
        foreach (var move in moves)
        {
            counts[Array.IndexOf(from, move.FromSegmentId!.Value)][Array.IndexOf(to, move.ToSegmentId!.Value)] += checked((int)move.Count);
        }

        return new SegmentFlows(
            new SegmentFlowMatrix(from, to, counts),
            [.. previous.Segments.Select(s => new SegmentName(s.Id, s.Name, s.Rule, s.Action))],
            flows.PreviousVersion);
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
