using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores challenger and champion on the same labelled holdout (features at the cut-off snapshot, labels from T) with
/// <see cref="CustomerScorer"/>, as serving would: churn ROC AUC and the challenger's segment sizes on it. A challenger
/// that does not load fails the activity, so it is never published; a champion that does not score is reported.
/// Both snapshots are streamed a row group at a time: the cut-off's holdout customers are scored as they pass and only
/// their (probabilities, segment) are kept, then T's documents label just those customers.
/// </summary>
[DurableTask(RetrainActivityNames.EvaluateChallenger)]
public sealed partial class EvaluateChallengerActivity(
    FeatureSnapshotReader reader,
    PartStore parts,
    ModelRegistry registry,
    IOptions<RetrainingOptions> options,
    ILogger<EvaluateChallengerActivity> logger,
    ActivityCancellation cancellation)
    : RetrainActivity<EvaluateChallengerInput, ChallengerEvaluation>(cancellation)
{
    private const int Challenger = 0;
    private const int Champion = 1;
    private const int Segment = 2;
    private static readonly string[] ScoreColumns = ["challenger", "champion", "segment"];

    protected override async Task<ChallengerEvaluation> ExecuteAsync(EvaluateChallengerInput input, CancellationToken cancellationToken)
    {
        var challenger = await parts.ReadBundleAsync(input.ChallengerBlob, cancellationToken);
        if (input.CutoffSnapshotId is not { } cutoffSnapshot || input.CutoffAsOf is not { } cutoff)
        {
            return new ChallengerEvaluation(false, 0, null, null, [.. challenger.Segments.Select(s => (long)s.Size)], null, null);
        }

        var (champion, championProblem) = await LoadChampionAsync(input.ChampionVersion, cancellationToken);
        HashSet<string>? listed = null;
        if (input.ChurnPartBlob is { } churnBlob && (await parts.ReadChurnPartAsync(churnBlob, cancellationToken)).HoldoutCustomerIds is { Count: > 0 } ids)
        {
            listed = new HashSet<string>(ids, StringComparer.Ordinal);
        }

        // Without a classifier's holdout, the customers it would have held out: the same draw by id.
        var settings = options.Value.EffectiveTraining();
        var holdout = new EvaluationHoldout(listed, new ChurnSample(ScoreColumns, settings.ChurnTestShare, settings.Seed, maxTrainRows: 0, settings.ChurnMaxHoldoutRows));
        var snapshots = new SnapshotDocuments(reader);
        var challengerScorer = new CustomerScorer(challenger);
        var championScorer = champion is null ? null : new CustomerScorer(champion);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        // Only the holdout's documents are decoded: the others are skipped by id.
        await foreach (var batch in snapshots.ReadAsync(cutoffSnapshot, holdout.Admits, cancellationToken))
        {
            SnapshotDocuments.EnsureAsOf(batch, cutoff);
            var picked = batch.Where(d => TrainingRowFeaturizer.IsKnownAt(d, cutoff)).ToArray();
            var scores = new double[picked.Length * ScoreColumns.Length];
            Parallel.For(0, picked.Length, parallel, k =>
            {
                var score = challengerScorer.Score(picked[k], cutoff, explainChurn: false);
                scores[(k * ScoreColumns.Length) + Challenger] = score.ChurnProbability;
                scores[(k * ScoreColumns.Length) + Segment] = score.SegmentId;
            });
            if (championScorer is not null)
            {
                try
                {
                    Parallel.For(0, picked.Length, parallel, k =>
                        scores[(k * ScoreColumns.Length) + Champion] = championScorer.Score(picked[k], cutoff, explainChurn: false).ChurnProbability);
                }
                catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ArgumentException) is ArgumentException problem)
                {
                    championProblem = $"The champion {champion!.Version} cannot score the holdout: {problem.Message}";
                    LogChampionCannotScore(logger, problem, champion.Version);
                    championScorer = null;
                }
            }

            for (var k = 0; k < picked.Length; k++)
            {
                holdout.Offer(picked[k].CustomerId, scores.AsSpan(k * ScoreColumns.Length, ScoreColumns.Length));
            }
        }

        var (customers, values) = holdout.Ordered();
        if (customers.Length == 0)
        {
            throw new RetrainDataException($"The cut-off snapshot {cutoffSnapshot} holds none of the holdout customers; there is nothing to evaluate on.");
        }

        var stayed = await StayedAsync(snapshots, input.SnapshotId, holdout.CustomerIds(), cutoff, cutoff.AddDays(input.ChurnHorizonDays), cancellationToken);
        return Summarize(challenger, customers, values, stayed, championScorer is not null, championProblem);
    }

    /// <summary>
    /// The customers of <paramref name="holdout"/> with a purchase day in (S, S + H] in the documents at T: they
    /// stayed (ChurnLabeler's rule); the others churned.
    /// </summary>
    private static async Task<HashSet<string>> StayedAsync(
        SnapshotDocuments snapshots, string snapshotId, HashSet<string> holdout, DateTimeOffset cutoff, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var stayed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var batch in snapshots.ReadAsync(snapshotId, holdout.Contains, cancellationToken))
        {
            foreach (var document in batch)
            {
                if (document.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, cutoff, end)))
                {
                    stayed.Add(document.CustomerId);
                }
            }
        }

        return stayed;
    }

    /// <summary>ROC AUC of both models and the challenger's segment sizes on the labelled holdout.</summary>
    private static ChallengerEvaluation Summarize(
        ModelBundle challenger, string[] customers, double[] values, HashSet<string> stayed, bool championScored, string? championProblem)
    {
        var churned = customers.Select(id => !stayed.Contains(id)).ToArray();
        var components = challenger.Segments.ToDictionary(s => s.Id, s => s.Component);
        var sizes = new long[challenger.Segments.Count];
        var challengerProbabilities = new double[customers.Length];
        var championProbabilities = championScored ? new double[customers.Length] : null;
        for (var k = 0; k < customers.Length; k++)
        {
            sizes[components[(int)values[(k * ScoreColumns.Length) + Segment]]]++;
            challengerProbabilities[k] = values[(k * ScoreColumns.Length) + Challenger];
            championProbabilities?[k] = values[(k * ScoreColumns.Length) + Champion];
        }

        var churnRate = churned.Count(c => c) / (double)churned.Length;
        var championAuc = championProbabilities is not null ? Auc(championProbabilities, churned) : null;
        return new ChallengerEvaluation(true, churned.Length, churnRate, Auc(challengerProbabilities, churned), sizes, championAuc, championProblem);
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
