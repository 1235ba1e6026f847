using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores challenger and champion on the same labelled holdout (features at the cut-off snapshot, labels from T) with
/// <see cref="CustomerScorer"/>, as serving would: churn ROC AUC and the challenger's segment sizes on it. A challenger
/// that does not load fails the activity, so it is never published; a champion that does not score is reported.
/// The cut-off snapshot is streamed a row group at a time: the holdout customers' rows as of the cut-off
/// (<see cref="SnapshotRowFeaturizer"/>, in each bundle's time unit) are scored as they pass and only their
/// (probabilities, segment) are kept. Their labels are the ones the classifier's training gave them
/// (<see cref="ChurnHoldoutLabels"/>); only without those (no classifier, a rolling origin, a part written before they
/// were kept) are T's documents of just those customers read to label them.
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
        var part = input.ChurnPartBlob is { } churnBlob ? await parts.ReadChurnPartAsync(churnBlob, cancellationToken) : null;
        var listed = part?.HoldoutCustomerIds is { Count: > 0 } ids ? new HashSet<string>(ids, StringComparer.Ordinal) : null;

        // Without a classifier's holdout, the customers it would have held out: the same draw by id.
        var settings = options.Value.EffectiveTraining();
        var holdout = new EvaluationHoldout(listed, new ChurnSample(ScoreColumns, settings.ChurnTestShare, settings.Seed, maxTrainRows: 0, settings.ChurnMaxHoldoutRows));
        var challengerScorer = new CustomerScorer(challenger);
        var championScorer = champion is null ? null : new CustomerScorer(champion);

        // Rows are in a bundle's time unit: a champion in another unit gets rows of its own, featurized from the
        // documents, so the groups are read with them.
        var challengerRows = new SnapshotRowFeaturizer(cutoff, challenger.TimeUnit);
        var championRows = champion is null || champion.TimeUnit == challenger.TimeUnit ? challengerRows : new SnapshotRowFeaturizer(cutoff, champion.TimeUnit);
        LifetimeTimeUnit? rowsIn = ReferenceEquals(championRows, challengerRows) ? challenger.TimeUnit : null;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };

        // Only the holdout's rows are featurized: the others are skipped by id.
        await foreach (var group in reader.ReadRowGroupsAsync(cutoffSnapshot, rowsIn, cancellationToken))
        {
            challengerRows.Featurize(group, holdout.Admits, cancellationToken);
            var picked = Enumerable.Range(0, challengerRows.Count).Where(challengerRows.HasRow).ToArray();
            var scores = new double[picked.Length * ScoreColumns.Length];
            Parallel.For(0, picked.Length, parallel, k =>
            {
                var i = picked[k];
                var score = challengerScorer.Score(challengerRows.CustomerId(i), challengerRows.SchemaVersion(i), challengerRows.Row(i), cutoff, explainChurn: false);
                scores[(k * ScoreColumns.Length) + Challenger] = score.ChurnProbability;
                scores[(k * ScoreColumns.Length) + Segment] = score.SegmentId;
            });
            if (championScorer is not null)
            {
                if (!ReferenceEquals(championRows, challengerRows))
                {
                    championRows.Featurize(group, holdout.Admits, cancellationToken);
                }

                try
                {
                    Parallel.For(0, picked.Length, parallel, k =>
                    {
                        var i = picked[k];
                        scores[(k * ScoreColumns.Length) + Champion] = championScorer.Score(
                            championRows.CustomerId(i), championRows.SchemaVersion(i), championRows.Row(i), cutoff, explainChurn: false).ChurnProbability;
                    });
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
                holdout.Offer(challengerRows.CustomerId(picked[k]), scores.AsSpan(k * ScoreColumns.Length, ScoreColumns.Length));
            }
        }

        challengerRows.Complete();
        var (customers, values) = holdout.Ordered();
        if (customers.Length == 0)
        {
            throw new RetrainDataException($"The cut-off snapshot {cutoffSnapshot} holds none of the holdout customers; there is nothing to evaluate on.");
        }

        // The classifier's training labelled its holdout on this window already; T is read only when it did not.
        var churned = listed is not null && part!.HoldoutLabels is { } labels && labels.IsWindow(cutoff, input.ChurnHorizonDays)
            ? ChurnedOf(part.HoldoutCustomerIds, labels, customers)
            : await ChurnedAsync(new SnapshotDocuments(reader), input.SnapshotId, holdout.CustomerIds(), customers, cutoff, cutoff.AddDays(input.ChurnHorizonDays), cancellationToken);
        return Summarize(challenger, values, churned, championScorer is not null, championProblem);
    }

    /// <summary>The labels of <paramref name="customers"/> as the classifier's training gave them.</summary>
    private static bool[] ChurnedOf(IReadOnlyList<string> holdoutIds, ChurnHoldoutLabels labels, string[] customers)
    {
        var churned = new Dictionary<string, bool>(holdoutIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < holdoutIds.Count; i++)
        {
            churned[holdoutIds[i]] = labels.Churned[i];
        }

        return [.. customers.Select(id => churned[id])];
    }

    /// <summary>
    /// The labels of <paramref name="customers"/> from the documents at T: a customer of <paramref name="holdout"/>
    /// with a purchase day in (S, S + H] stayed (ChurnLabeler's rule, as the classifier's training labels); the others
    /// churned.
    /// </summary>
    private static async Task<bool[]> ChurnedAsync(
        SnapshotDocuments snapshots, string snapshotId, HashSet<string> holdout, string[] customers, DateTimeOffset cutoff, DateTimeOffset end,
        CancellationToken cancellationToken)
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

        return [.. customers.Select(id => !stayed.Contains(id))];
    }

    /// <summary>ROC AUC of both models and the challenger's segment sizes on the labelled holdout.</summary>
    private static ChallengerEvaluation Summarize(
        ModelBundle challenger, double[] values, bool[] churned, bool championScored, string? championProblem)
    {
        var components = challenger.Segments.ToDictionary(s => s.Id, s => s.Component);
        var sizes = new long[challenger.Segments.Count];
        var challengerProbabilities = new double[churned.Length];
        var championProbabilities = championScored ? new double[churned.Length] : null;
        for (var k = 0; k < churned.Length; k++)
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
