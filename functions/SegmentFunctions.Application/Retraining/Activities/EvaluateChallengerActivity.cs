using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores challenger and champion on the same labelled holdout (features at the cut-off snapshot, labels from T) with
/// <see cref="CustomerScorer"/>, as serving would: churn ROC AUC and the challenger's segment sizes on it. A challenger
/// that does not load fails the activity, so it is never published; a champion that does not score is reported.
/// </summary>
public sealed partial class EvaluateChallengerActivity(
    SnapshotDocuments snapshots,
    PartStore parts,
    ModelRegistry registry,
    ILogger<EvaluateChallengerActivity> logger)
    : IActivity<EvaluateChallengerInput, ChallengerEvaluation>
{
    public async Task<ChallengerEvaluation> RunAsync(EvaluateChallengerInput input, ActivityContext context, CancellationToken cancellationToken)
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

        return await Task.Run(
            () => Score(input, cutoffSnapshot, cutoff, holdout, challenger, champion, championProblem, cancellationToken), cancellationToken);
    }

    private ChallengerEvaluation Score(
        EvaluateChallengerInput input, string cutoffSnapshot, DateTimeOffset cutoff, HashSet<string>? holdout,
        ModelBundle challenger, ModelBundle? champion, string? championProblem, CancellationToken cancellationToken)
    {
        // Labels: a purchase day in (S, S + H] in the documents at T means the customer stayed (ChurnLabeler's rule).
        var end = cutoff.AddDays(input.ChurnHorizonDays);
        var stayed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in snapshots.Read(input.SnapshotId, cancellationToken))
        {
            if ((holdout is null || holdout.Contains(document.CustomerId))
                && document.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, cutoff, end)))
            {
                stayed.Add(document.CustomerId);
            }
        }

        var challengerScorer = new CustomerScorer(challenger);
        var championScorer = champion is null ? null : new CustomerScorer(champion);
        var components = challenger.Segments.ToDictionary(s => s.Id, s => s.Component);
        var sizes = new long[challenger.Segments.Count];
        var churned = new List<bool>();
        var challengerProbabilities = new List<double>();
        var championProbabilities = new List<double>();
        foreach (var document in snapshots.Read(cutoffSnapshot, cancellationToken))
        {
            if ((holdout is not null && !holdout.Contains(document.CustomerId)) || !TrainingRowFeaturizer.IsKnownAt(document, cutoff))
            {
                continue;
            }

            var score = challengerScorer.Score(document, cutoff, explainChurn: false);
            sizes[components[score.SegmentId]]++;
            challengerProbabilities.Add(score.ChurnProbability);
            churned.Add(!stayed.Contains(document.CustomerId));
            if (championScorer is not null)
            {
                try
                {
                    championProbabilities.Add(championScorer.Score(document, cutoff, explainChurn: false).ChurnProbability);
                }
                catch (ArgumentException e)
                {
                    championProblem = $"The champion {champion!.Version} cannot score the holdout: {e.Message}";
                    LogChampionCannotScore(logger, e, champion.Version);
                    championScorer = null;
                }
            }
        }

        if (churned.Count == 0)
        {
            throw new RetrainDataException($"The cut-off snapshot {cutoffSnapshot} holds none of the holdout customers; there is nothing to evaluate on.");
        }

        var churnRate = churned.Count(c => c) / (double)churned.Count;
        var challengerAuc = Auc(challengerProbabilities, churned);
        var championAuc = championScorer is not null ? Auc(championProbabilities, churned) : null;
        return new ChallengerEvaluation(true, churned.Count, churnRate, challengerAuc, sizes, championAuc, championProblem);
    }

    private static double? Auc(List<double> probabilities, List<bool> churned)
    {
        var auc = ChurnMetrics.Compute(probabilities.ToArray(), churned).RocAuc;
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
