using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The churn classifier of one cut-off S = T - H built from streams (<see cref="ModelBundleTrainer.StartChurn"/>): the
/// features at S of every customer, in any order and parts (<see cref="AddFeatures(string, ReadOnlySpan{double})"/>),
/// feed BG/NBD's counts and a <see cref="ChurnSample"/> drawn by customer id, so only the sampled rows are held; then
/// the documents at T (<see cref="AddLabels"/>), in any order too, mark which of just those customers bought in
/// (S, S + H]. The result does not depend on how either snapshot is split.
/// </summary>
public sealed class ChurnCutoffTraining
{
    private readonly ModelBundleTrainer _trainer;
    private readonly ModelBundleTrainingOptions _options;
    private readonly ChurnSample _sample;
    private readonly BgNbdTally _purchases = new(FeatureNames.All);
    private readonly HashSet<string> _stayed = new(StringComparer.Ordinal);
    private HashSet<string>? _sampled;

    internal ChurnCutoffTraining(ModelBundleTrainer trainer, ModelBundleTrainingOptions options, DateTimeOffset cutoff)
    {
        _trainer = trainer;
        _options = options;
        Cutoff = cutoff;
        _sample = new ChurnSample(FeatureNames.All, options.ChurnTestShare, options.Seed, options.ChurnMaxTrainingRows, options.ChurnMaxHoldoutRows);
    }

    /// <summary>S, the cut-off snapshot's time; the labels' window is (S, S + H].</summary>
    public DateTimeOffset Cutoff { get; }

    /// <summary>The earliest first-seen time among the documents at T given so far (it decides the plan).</summary>
    public DateTimeOffset? Earliest { get; private set; }

    /// <summary>Adds one customer's row as of S (columns <see cref="FeatureNames.All"/>).</summary>
    /// <exception cref="InvalidOperationException">Labels were added already.</exception>
    public void AddFeatures(string customerId, ReadOnlySpan<double> row)
    {
        if (_sampled is not null)
        {
            throw new InvalidOperationException("Every row at the cut-off comes before the labels.");
        }

        _purchases.Add(row);
        if (_sample.Admits(customerId))
        {
            _sample.Offer(customerId, 0, row, churned: true);
        }
    }

    /// <summary>Adds every row of a table as of S.</summary>
    public void AddFeatures(TrainingTable atCutoff)
    {
        ArgumentNullException.ThrowIfNull(atCutoff);
        for (var i = 0; i < atCutoff.RowCount; i++)
        {
            AddFeatures(atCutoff.CustomerIds[i], atCutoff.Row(i));
        }
    }

    /// <summary>
    /// Starts the labels with the earliest first-seen time of every document at T known already (the readiness check's),
    /// so <see cref="AddLabels"/> needs only the documents of the customers <see cref="NeedsLabel"/> names.
    /// </summary>
    public void StartLabels(DateTimeOffset earliestFirstSeen)
    {
        _sampled ??= _sample.CustomerIds();
        Earliest = Earliest is { } earliest && earliest <= earliestFirstSeen ? earliest : earliestFirstSeen;
    }

    /// <summary>Whether the labels read the document at T of <paramref name="customerId"/>: only sampled customers' count.</summary>
    public bool NeedsLabel(string customerId)
    {
        _sampled ??= _sample.CustomerIds();
        return _sampled.Contains(customerId);
    }

    /// <summary>
    /// Labels from documents at T: a sampled customer with a purchase day in (S, S + H] stayed; one without, or
    /// without a document at T (documents only grow), churned.
    /// </summary>
    public void AddLabels(IEnumerable<CustomerFeatures> documentsAtAsOf)
    {
        ArgumentNullException.ThrowIfNull(documentsAtAsOf);
        _sampled ??= _sample.CustomerIds();
        var end = Cutoff.AddDays(_options.ChurnHorizonDays);
        foreach (var doc in documentsAtAsOf)
        {
            if (doc.FirstSeenAt is { } first && (Earliest is null || first < Earliest))
            {
                Earliest = first;
            }

            if (_sampled.Contains(doc.CustomerId) && doc.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, Cutoff, end)))
            {
                _stayed.Add(doc.CustomerId);
            }
        }
    }

    /// <summary>
    /// The plan of the history at T (<see cref="ChurnTrainingPlanner"/>, with T = S + H): a rolling origin when the
    /// history before S is short, which <see cref="Fit"/> does not train; null when there is no history.
    /// </summary>
    public ChurnTrainingPlan? Plan() => Earliest is { } earliest
        ? ChurnTrainingPlanner.Plan(earliest, Cutoff.AddDays(_options.ChurnHorizonDays), _options.ChurnHorizonDays, _options.Readiness.MinHistoryInHorizons)
        : null;

    /// <summary>The labelled training and held-out rows, in key order (what <see cref="Fit"/> trains and validates on).</summary>
    public (ChurnDataset Train, ChurnDataset Test) Split()
    {
        _sample.Label(id => !_stayed.Contains(id));
        return _sample.Complete(Cutoff, _options.TimeUnit, _options.ChurnHorizonDays);
    }

    /// <summary>
    /// Trains on the sample's training side and validates on its held-out side against the recency baseline and
    /// BG/NBD's expected purchases (BG/NBD fitted as of S on every buyer), which then chooses the serving model. The
    /// held-out customers' labels come with the fit, so the challenger's evaluation on them need not read T again.
    /// </summary>
    public ChurnFit Fit(DataReadinessReport? readiness, CancellationToken cancellationToken = default)
    {
        var (train, test) = Split();
        var plan = new ChurnTrainingPlan([Cutoff], _options.ChurnHorizonDays, IsRollingOrigin: false);
        var lifetime = _trainer.TryFitBgNbd(_purchases.ToData());
        var bgNbdExpected = lifetime is null
            ? null
            : LifetimeFeatures.Append(test.Features, lifetime, plan.HorizonDays).Column(FeatureNames.LifetimeExpectedPurchases);
        var fit = _trainer.TrainAndChoose(train, test, plan, bgNbdExpected, readiness, [], cancellationToken);
        return fit.HoldoutCustomerIds.Count == 0 ? fit : fit with { HoldoutLabels = LabelsOf(test, fit.HoldoutCustomerIds) };
    }

    /// <summary>The held-out rows' labels in the order of the fit's held-out customers (one row each at a single cut-off).</summary>
    private ChurnHoldoutLabels LabelsOf(ChurnDataset test, IReadOnlyList<string> holdout)
    {
        var churned = new Dictionary<string, bool>(test.Count, StringComparer.Ordinal);
        for (var i = 0; i < test.Count; i++)
        {
            churned.Add(test.Features.CustomerIds[i], test.Churned[i]);
        }

        return new ChurnHoldoutLabels(Cutoff, _options.ChurnHorizonDays, [.. holdout.Select(id => churned[id])]);
    }
}
