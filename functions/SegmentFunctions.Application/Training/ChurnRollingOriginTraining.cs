using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The churn classifier of a rolling origin (<see cref="ChurnTrainingPlan.IsRollingOrigin"/>) built from two passes
/// over the documents at T, each in any order and parts (<see cref="ModelBundleTrainer.StartChurnRollingOrigin"/>):
/// the first (<see cref="AddHistory"/>) counts every cut-off's buyers for its BG/NBD, the second (<see cref="AddRows"/>)
/// offers each customer's row at each cut-off (<see cref="FeatureNames.PurchaseHistory"/> columns with BG/NBD's view,
/// labelled "no purchase in (c, c + h]") to a <see cref="ChurnSample"/> drawn by customer id, which holds only the
/// rows it keeps.
/// </summary>
public sealed class ChurnRollingOriginTraining
{
    private static readonly int[] HistoryColumns = [.. FeatureNames.PurchaseHistory.Select(n => FeatureNames.All.ToList().IndexOf(n))];
    private static readonly int FrequencyColumn = FeatureNames.All.ToList().IndexOf(FeatureNames.Frequency);
    private static readonly int RecencyColumn = FeatureNames.All.ToList().IndexOf(FeatureNames.BgNbdTx);
    private static readonly int AgeColumn = FeatureNames.All.ToList().IndexOf(FeatureNames.BgNbdT);
    private static readonly IReadOnlyList<string> Columns = [.. FeatureNames.PurchaseHistory, .. FeatureNames.Lifetime];

    private readonly ModelBundleTrainer _trainer;
    private readonly ModelBundleTrainingOptions _options;
    private readonly BgNbdTally[] _purchases;
    private readonly ChurnSample _sample;
    private readonly List<string> _warnings = [];
    private BgNbdModel?[]? _models;

    internal ChurnRollingOriginTraining(ModelBundleTrainer trainer, ModelBundleTrainingOptions options, ChurnTrainingPlan plan)
    {
        _trainer = trainer;
        _options = options;
        Plan = plan;
        _purchases = [.. plan.Cutoffs.Select(_ => new BgNbdTally(FeatureNames.All))];
        _sample = new ChurnSample(Columns, options.ChurnTestShare, options.Seed, options.ChurnMaxTrainingRows, options.ChurnMaxHoldoutRows);
    }

    public ChurnTrainingPlan Plan { get; }

    /// <summary>First pass: counts the documents' buyers as of each cut-off, in parallel.</summary>
    /// <exception cref="InvalidOperationException">The second pass has begun.</exception>
    public void AddHistory(IReadOnlyList<CustomerFeatures> documentsAtAsOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        if (_models is not null)
        {
            throw new InvalidOperationException("Every document's history comes before the rows.");
        }

        var gate = new Lock();
        Parallel.For(
            0, documentsAtAsOf.Count, new ParallelOptions { CancellationToken = cancellationToken },
            () => (Tallies: Plan.Cutoffs.Select(_ => new BgNbdTally(FeatureNames.All)).ToArray(), Row: new double[TrainingRowFeaturizer.Width], Imputed: new bool[TrainingRowFeaturizer.Width]),
            (i, _, local) =>
            {
                for (var j = 0; j < Plan.Cutoffs.Count; j++)
                {
                    if (TrainingRowFeaturizer.IsKnownAt(documentsAtAsOf[i], Plan.Cutoffs[j]))
                    {
                        TrainingRowFeaturizer.Featurize(documentsAtAsOf[i], Plan.Cutoffs[j], _options.TimeUnit, local.Row, local.Imputed);
                        local.Tallies[j].Add(local.Row);
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var j = 0; j < _purchases.Length; j++)
                    {
                        _purchases[j].Add(local.Tallies[j]);
                    }
                }
            });
    }

    /// <summary>Second pass: offers each document's rows, one per cut-off it was known at whose BG/NBD could be fitted.</summary>
    public void AddRows(IEnumerable<CustomerFeatures> documentsAtAsOf)
    {
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        var models = Models();
        var full = new double[TrainingRowFeaturizer.Width];
        var imputed = new bool[TrainingRowFeaturizer.Width];
        var row = new double[Columns.Count];
        var horizon = Plan.HorizonDays / _options.TimeUnit.Days();
        foreach (var doc in documentsAtAsOf)
        {
            for (var j = 0; j < Plan.Cutoffs.Count; j++)
            {
                var cutoff = Plan.Cutoffs[j];
                if (models[j] is not { } model || !TrainingRowFeaturizer.IsKnownAt(doc, cutoff) || !_sample.Admits(doc.CustomerId, j))
                {
                    continue;
                }

                TrainingRowFeaturizer.Featurize(doc, cutoff, _options.TimeUnit, full, imputed);
                for (var k = 0; k < HistoryColumns.Length; k++)
                {
                    row[k] = full[HistoryColumns[k]];
                }

                var (expected, alive) = LifetimeFeatures.Of(
                    model, horizon, (int)full[FrequencyColumn], full[RecencyColumn], full[AgeColumn]);
                row[HistoryColumns.Length] = expected;
                row[HistoryColumns.Length + 1] = alive;
                var end = cutoff.AddDays(Plan.HorizonDays);
                var churned = !doc.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, cutoff, end));
                _sample.Offer(doc.CustomerId, j, row, churned);
            }
        }
    }

    /// <summary>Trains on the sample's training side and validates on its held-out side against BG/NBD's expected purchases.</summary>
    public ChurnFit Fit(DataReadinessReport? readiness, CancellationToken cancellationToken = default)
    {
        var models = Models();
        if (models.All(m => m is null))
        {
            var reason = $"The churn classifier was not trained: BG/NBD could not be fitted at any cut-off of the {Plan}. Churn is scored from BG/NBD.";
            return new ChurnFit(null, null, readiness, reason, [], [.. _warnings, reason]);
        }

        var (train, test) = _sample.Complete(Plan.Cutoffs[0], _options.TimeUnit, Plan.HorizonDays);
        return _trainer.TrainAndChoose(
            train, test, Plan, test.Features.Column(FeatureNames.LifetimeExpectedPurchases), readiness, [.. _warnings], cancellationToken);
    }

    /// <summary>Each cut-off's BG/NBD, fitted once after the first pass; null where it cannot be (a warning says so).</summary>
    private BgNbdModel?[] Models()
    {
        if (_models is null)
        {
            _models = new BgNbdModel?[Plan.Cutoffs.Count];
            for (var j = 0; j < _models.Length; j++)
            {
                _models[j] = _trainer.TryFitBgNbd(_purchases[j].ToData());
                if (_models[j] is null)
                {
                    _warnings.Add($"BG/NBD could not be fitted as of the cut-off {Plan.Cutoffs[j]:yyyy-MM-dd}, so its rows were left out of the churn training.");
                }
            }
        }

        return _models;
    }
}
