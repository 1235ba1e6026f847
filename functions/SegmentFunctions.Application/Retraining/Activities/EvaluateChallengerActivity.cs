using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores challenger and champion on the same labelled holdout (features at the cut-off snapshot, labels from T) with
/// <see cref="CustomerScorer"/>, as serving would: churn ROC AUC and the challenger's segment sizes on it. A challenger
/// that does not load fails the activity, so it is never published; a champion that does not score is reported.
/// </summary>
[DurableTask(RetrainActivityNames.EvaluateChallenger)]
public sealed partial class EvaluateChallengerActivity(
    SnapshotTables tables,
    PartStore parts,
    ModelRegistry registry,
    ILogger<EvaluateChallengerActivity> logger,
    ActivityCancellation cancellation)
    : RetrainActivity<EvaluateChallengerInput, ChallengerEvaluation>(cancellation)
{
    protected override async Task<ChallengerEvaluation> ExecuteAsync(EvaluateChallengerInput input, CancellationToken cancellationToken)
    {
        var challenger = await parts.ReadBundleAsync(input.ChallengerBlob, cancellationToken);
        if (input.CutoffSnapshotId is not { } cutoffSnapshot || input.CutoffAsOf is not { } cutoff)
        {
            return new ChallengerEvaluation(false, 0, null, null, [.. challenger.Segments.Select(s => (long)s.Size)], null, null);
        }

        var (champion, championProblem) = await LoadChampionAsync(input.ChampionVersion, cancellationToken);
        HashSet<string>? holdout = null;
        if (input.ChurnPartBlob is { } churnBlob && (await parts.ReadChurnPartAsync(churnBlob, cancellationToken)).HoldoutCustomerIds is { Count: > 0 } ids)
        {
            holdout = new HashSet<string>(ids, StringComparer.Ordinal);
        }

        var atCutoff = await tables.GetAsync(cutoffSnapshot, challenger.TimeUnit, cancellationToken);
        var atAsOf = await tables.GetAsync(input.SnapshotId, challenger.TimeUnit, cancellationToken);
        var championAtCutoff = champion is null || champion.TimeUnit == challenger.TimeUnit
            ? atCutoff
            : await tables.GetAsync(cutoffSnapshot, champion.TimeUnit, cancellationToken);
        return await Task.Run(
            () => Score(input, cutoff, atCutoff, championAtCutoff, atAsOf, holdout, challenger, champion, championProblem, cancellationToken),
            cancellationToken);
    }

    private ChallengerEvaluation Score(
        EvaluateChallengerInput input, DateTimeOffset cutoff, SnapshotTable atCutoff, SnapshotTable championAtCutoff, SnapshotTable atAsOf,
        HashSet<string>? holdout, ModelBundle challenger, ModelBundle? champion, string? championProblem, CancellationToken cancellationToken)
    {
        // Labels: a purchase day in (S, S + H] in the documents at T means the customer stayed (ChurnLabeler's rule).
        var end = cutoff.AddDays(input.ChurnHorizonDays);
        var stayed = new HashSet<string>(StringComparer.Ordinal);
        var idsAtAsOf = atAsOf.Features.CustomerIds;
        for (var i = 0; i < idsAtAsOf.Count; i++)
        {
            if ((holdout is null || holdout.Contains(idsAtAsOf[i])) && atAsOf.BoughtInWindow(i, cutoff, end))
            {
                stayed.Add(idsAtAsOf[i]);
            }
        }

        var ids = atCutoff.Features.CustomerIds;
        var rows = Enumerable.Range(0, ids.Count).Where(i => holdout is null || holdout.Contains(ids[i])).ToArray();
        if (rows.Length == 0)
        {
            throw new RetrainDataException($"The cut-off snapshot {atCutoff.SnapshotId} holds none of the holdout customers; there is nothing to evaluate on.");
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var challengerScorer = new CustomerScorer(challenger);
        var segments = new int[rows.Length];
        var challengerProbabilities = new double[rows.Length];
        Parallel.For(0, rows.Length, parallel, k =>
        {
            var i = rows[k];
            var score = challengerScorer.Score(ids[i], atCutoff.SchemaVersions[i], atCutoff.Features.Row(i), cutoff, explainChurn: false);
            segments[k] = score.SegmentId;
            challengerProbabilities[k] = score.ChurnProbability;
        });

        double[]? championProbabilities = null;
        if (champion is not null)
        {
            var championScorer = new CustomerScorer(champion);
            var probabilities = new double[rows.Length];
            try
            {
                Parallel.For(0, rows.Length, parallel, k =>
                {
                    var i = rows[k];
                    probabilities[k] = championScorer.Score(
                        ids[i], championAtCutoff.SchemaVersions[i], championAtCutoff.Features.Row(i), cutoff, explainChurn: false).ChurnProbability;
                });
                championProbabilities = probabilities;
            }
            catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ArgumentException) is ArgumentException problem)
            {
                championProblem = $"The champion {champion.Version} cannot score the holdout: {problem.Message}";
                LogChampionCannotScore(logger, problem, champion.Version);
            }
        }

        var components = challenger.Segments.ToDictionary(s => s.Id, s => s.Component);
        var sizes = new long[challenger.Segments.Count];
        foreach (var segment in segments)
        {
            sizes[components[segment]]++;
        }

        var churned = rows.Select(i => !stayed.Contains(ids[i])).ToArray();
        var churnRate = churned.Count(c => c) / (double)churned.Length;
        var challengerAuc = Auc(challengerProbabilities, churned);
        var championAuc = championProbabilities is not null ? Auc(championProbabilities, churned) : null;
        return new ChallengerEvaluation(true, churned.Length, churnRate, challengerAuc, sizes, championAuc, championProblem);
    }

    private static double? Auc(double[] probabilities, bool[] churned)
    {
        var auc = ChurnMetrics.Compute(probabilities, churned).RocAuc;
        return double.IsFinite(auc) ? auc : null;
    }

    private async Task<(ModelBundle? Champion, string? Problem)> LoadChampionAsync(string? version, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            return (null, null);
        }

        try
        {
            await using var bundle = await registry.OpenBundleAsync(version, cancellationToken);
            return (await ModelBundleSerializer.LoadAsync(bundle, cancellationToken), null);
        }
        catch (Exception e) when (e is ModelBundleFormatException or ModelVersionNotFoundException)
        {
            LogChampionCannotScore(logger, e, version);
            return (null, $"The champion {version} does not load: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Champion {Version} cannot be scored on the holdout")]
    private static partial void LogChampionCannotScore(ILogger logger, Exception exception, string version);
}
