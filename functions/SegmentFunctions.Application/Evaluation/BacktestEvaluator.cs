using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Application.Transactions;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Evaluation;

/// <summary>
/// Backtests every model on a transaction file (`segment evaluate`). Lifetime: the RFM summary at the calibration
/// end, BG/NBD and Gamma-Gamma fits and BG/NBD's holdout predictions. Churn and segmentation: each purchase becomes
/// a purchase event folded with the ingestion's <see cref="CustomerFeaturesFolder"/>, giving feature documents as of
/// any time; the bundle trainer fits the segmentation and the churn classifier at the calibration end with the
/// retraining's own logic (features at calibration end - H, labels in (calibration end - H, calibration end]; or, when
/// the history before that cut-off is short, a rolling origin of earlier cut-offs, <see cref="ChurnTrainingPlanner"/>)
/// and chooses the model that would serve churn on its validation split; then the classifier (serving or not), BG/NBD
/// expected purchases and the recency rule predict "no purchase in the holdout" from the features at the calibration
/// end and are compared by ROC AUC.
/// </summary>
public sealed class BacktestEvaluator(TimeProvider? time = null, ILogger<BacktestEvaluator>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<BacktestEvaluator>.Instance;

    /// <param name="transactions">The transaction file's bytes, in the format of <see cref="BacktestRequest.File"/>.</param>
    /// <exception cref="TransactionFileException">A line or row of the file cannot be read; the message names it.</exception>
    /// <exception cref="BacktestException">The data cannot be backtested; the message says why.</exception>
    public async Task<BacktestResult> EvaluateAsync(Stream transactions, BacktestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(request);
        if (request.HoldoutEnd <= request.CalibrationEnd)
        {
            throw new BacktestException($"The holdout end {request.HoldoutEnd:yyyy-MM-dd} must come after the calibration end {request.CalibrationEnd:yyyy-MM-dd}.");
        }

        var reader = new TransactionFileReader(request.File);
        var purchases = new List<Transaction>();
        await foreach (var transaction in reader.ReadAsync(transactions, cancellationToken).ConfigureAwait(false))
        {
            purchases.Add(transaction);
        }

        var warnings = new List<string>();
        if (reader.Tally.Warning() is { } skipped)
        {
            warnings.Add(skipped);
        }

        var summary = RfmSummaryBuilder.Build(purchases, request.CalibrationEnd, request.HoldoutEnd, request.TimeUnit);
        if (summary.Customers.Count < 2)
        {
            throw new BacktestException(
                $"{summary.Customers.Count} customer(s) bought by the calibration end {request.CalibrationEnd:yyyy-MM-dd}; a backtest needs at least 2 (and repeat buyers among them).");
        }

        if (summary.Customers.All(c => c.Frequency == 0))
        {
            throw new BacktestException(
                $"All {summary.Customers.Count} customers bought on one day only by {request.CalibrationEnd:yyyy-MM-dd}; BG/NBD needs repeat buyers to learn purchase and dropout rates.");
        }

        var options = new ModelBundleTrainingOptions { TimeUnit = request.TimeUnit, Seed = request.Seed };
        if (summary.Customers.Count < options.MaxComponents)
        {
            throw new BacktestException(
                $"{summary.Customers.Count} customer(s) bought by the calibration end {request.CalibrationEnd:yyyy-MM-dd}; segmentation into up to {options.MaxComponents} segments needs at least {options.MaxComponents}.");
        }

        var (bgNbd, gammaGamma) = FitLifetime(summary, warnings);
        var holdout = HoldoutEvaluator.Compare(bgNbd, summary);

        // As-of times at UTC midnight: the calibration end day is in calibration, as in the RFM summary.
        var calibrationAsOf = AsOfDays.StartOf(request.CalibrationEnd.AddDays(1));
        var holdoutAsOf = AsOfDays.StartOf(request.HoldoutEnd.AddDays(1));
        var horizonDays = request.HoldoutEnd.DayNumber - request.CalibrationEnd.DayNumber;
        var cutoff = calibrationAsOf.AddDays(-horizonDays);
        var events = PurchaseEvents(purchases);
        var atCutoff = Documents(events, cutoff);
        var atCalibration = Documents(events, calibrationAsOf);
        var atHoldout = Documents(events, holdoutAsOf);

        ModelBundleTrainingResult trained;
        try
        {
            trained = new ModelBundleTrainer(options with { ChurnHorizonDays = horizonDays }, _time).Train(
                new ModelBundleTrainingInput(atCalibration, calibrationAsOf, atCutoff), cancellationToken);
        }
        catch (ModelTrainingException e)
        {
            throw new BacktestException($"The models cannot be trained at the calibration end: {e.Message}", e);
        }

        warnings.AddRange(trained.Report.Warnings);
        var churn = CompareChurnModels(trained, summary, bgNbd, atCutoff, atCalibration, atHoldout, cutoff, calibrationAsOf, horizonDays, request.TimeUnit);
        var bundle = trained.Bundle;
        var segmentation = new BacktestSegmentation(
            bundle.Mixture.Components,
            bundle.Segments.ToDictionary(s => s.Id, s => s.Size),
            bundle.Segments.ToDictionary(s => s.Id, s => s.Name));
        _logger.LogInformation(
            "Backtest of {Transactions} transactions, calibration end {CalibrationEnd}, holdout end {HoldoutEnd}: best churn model {Best}",
            purchases.Count, request.CalibrationEnd, request.HoldoutEnd, churn.Best);
        return new BacktestResult(request, purchases.Count, bgNbd, gammaGamma, holdout, churn, segmentation, warnings);
    }

    private static (BgNbdModel, GammaGammaModel?) FitLifetime(RfmSummary summary, List<string> warnings)
    {
        BgNbdModel bgNbd;
        try
        {
            bgNbd = new BgNbdTrainer().Fit(summary);
        }
        catch (LifetimeModelException e)
        {
            throw new BacktestException($"BG/NBD cannot be fitted on the {summary.Customers.Count} calibration customers: {e.Message}", e);
        }

        try
        {
            return (bgNbd, new GammaGammaTrainer().Fit(summary));
        }
        catch (LifetimeModelException e)
        {
            warnings.Add($"Gamma-Gamma was not fitted: {e.Message}");
            return (bgNbd, null);
        }
    }

    private static BacktestChurn CompareChurnModels(
        ModelBundleTrainingResult trained, RfmSummary summary, BgNbdModel bgNbd, IReadOnlyList<CustomerFeatures> atCutoff,
        IReadOnlyList<CustomerFeatures> atCalibration, IReadOnlyList<CustomerFeatures> atHoldout, DateTimeOffset cutoff,
        DateTimeOffset calibrationAsOf, int horizonDays, LifetimeTimeUnit unit)
    {
        var builder = new TrainingTableBuilder(new TrainingTableOptions { TimeUnit = unit, DropConstantColumns = false });
        var test = ChurnLabeler.FromDocuments(builder.Build(atCalibration, calibrationAsOf), atHoldout, horizonDays);
        var churners = test.Churned.Count(c => c);
        if (churners == 0 || churners == test.Count)
        {
            throw new BacktestException(
                $"{(churners == 0 ? "Every" : "No")} one of the {test.Count} customers bought in the holdout, so churn cannot be evaluated; choose another calibration end.");
        }

        var models = new Dictionary<string, ChurnMetrics>(StringComparer.Ordinal);
        var serving = trained.Report.ChurnServing;
        if ((serving?.Candidate ?? trained.Bundle.Churn) is { } classifier)
        {
            models[BacktestModels.Classifier] = ChurnMetrics.Compute(classifier.PredictBatch(test.Features, trained.Bundle.BgNbd), test.Churned);
        }

        // exp(-E[Y(H)]) turns BG/NBD's expected holdout purchases into a score in (0, 1] with the same ranking.
        var expected = summary.Customers.ToDictionary(c => c.CustomerId, c => bgNbd.ExpectedPurchases(summary.HoldoutLength, c), StringComparer.Ordinal);
        var bgNbdScores = test.Features.CustomerIds.Select(id => Math.Exp(-expected.GetValueOrDefault(id))).ToArray();
        models[BacktestModels.BgNbd] = ChurnMetrics.Compute(bgNbdScores, test.Churned);

        var recency = atCutoff.Count > 0 && builder.Build(atCutoff, cutoff) is { RowCount: > 0 } cutoffTable
            ? RecencyBaseline.Fit(ChurnLabeler.FromDocuments(cutoffTable, atCalibration, horizonDays))
            : RecencyBaseline.Fit(test); // no one known at the cut-off: the rule H/2 is fixed, only its two rates see the holdout, and AUC does not depend on them
        models[BacktestModels.Recency] = ChurnMetrics.Compute(recency.Predict(test.Features), test.Churned);
        var best = models.MaxBy(m => m.Value.RocAuc).Key;
        var notTrained = serving is null ? trained.Bundle.Metrics.ChurnNotTrainedReason : null;
        return new BacktestChurn(
            test.Count, test.ChurnRate, models, best, notTrained,
            serving?.Model ?? ChurnServingRule.BgNbd,
            serving?.Reason ?? notTrained ?? "No classifier was trained; churn is scored from BG/NBD.",
            serving?.Plan.ToString());
    }

    /// <summary>One purchase event per transaction, ids unique so that the fold's dedupe keeps every purchase.</summary>
    private static Dictionary<string, List<CustomerEvent>> PurchaseEvents(List<Transaction> purchases)
    {
        var events = new Dictionary<string, List<CustomerEvent>>(StringComparer.Ordinal);
        for (var i = 0; i < purchases.Count; i++)
        {
            var t = purchases[i];
            if (!events.TryGetValue(t.CustomerId, out var list))
            {
                events[t.CustomerId] = list = [];
            }

            list.Add(Domain.Transactions.PurchaseEvents.From(t, i));
        }

        return events;
    }

    /// <summary>The feature documents a store would hold at <paramref name="asOf"/>: every event before it, folded.</summary>
    private static List<CustomerFeatures> Documents(Dictionary<string, List<CustomerEvent>> events, DateTimeOffset asOf)
    {
        var documents = new List<CustomerFeatures>(events.Count);
        foreach (var (customerId, customerEvents) in events.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var before = customerEvents.Where(e => e.Timestamp < asOf).ToList();
            if (before.Count > 0)
            {
                documents.Add(CustomerFeaturesFolder.Fold(customerId, before));
            }
        }

        return documents;
    }
}
