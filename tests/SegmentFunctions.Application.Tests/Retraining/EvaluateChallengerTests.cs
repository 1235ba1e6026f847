using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Application.Tests.Training;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>
/// The challenger's evaluation scores the holdout from the cut-off snapshot's rows and labels it as the classifier's
/// training did: the result is the one of scoring each held-out document with <see cref="CustomerScorer"/> and labelling
/// it from the documents at T, whether the labels come from the churn part or from T.
/// </summary>
public sealed class EvaluateChallengerTests(TrainedBundleFixture fixture) : IClassFixture<TrainedBundleFixture>, IDisposable
{
    private const int HorizonDays = SyntheticShopSnapshots.HorizonDays;
    private const string ChallengerBlob = "runs/e/challenger/bundle.zip";
    private const string CutoffSnapshot = "cut";
    private const string EndSnapshot = "end";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly ModelBundleTrainingOptions _training = fixture.Options with { MaxComponents = 4, Restarts = 1 };

    private CancellationToken Ct => _timeout.Token;
    private SyntheticShopSnapshots Shop => fixture.Shop;
    private ModelBundle Challenger => fixture.Result.Bundle;

    [Fact]
    public async Task The_holdout_labelled_by_the_classifiers_training_evaluates_as_when_labelled_from_T()
    {
        var (churn, part) = await PrepareAsync();
        var labels = part.HoldoutLabels!;
        var stayed = StayedAtEnd();
        Assert.Equal(new ChurnHoldoutLabels(Shop.TrainingAsOf, HorizonDays, labels.Churned), labels);
        Assert.Equal(part.HoldoutCustomerIds.Select(id => !stayed.Contains(id)), labels.Churned);
        Assert.Contains(true, labels.Churned);
        Assert.Contains(false, labels.Churned);

        // A part as written before the labels were kept.
        const string unlabelled = "runs/old/churn.json";
        var fit = await new PartStore(_blobs).ReadChurnAsync(churn.Blob, churn.ClassifierBlob!, Ct);
        await new PartStore(_blobs).WriteAsync(unlabelled, "runs/old/churn-classifier.zip", fit with { HoldoutLabels = null }, Ct);

        var expected = Reference(part.HoldoutCustomerIds, champion: null);
        AssertEvaluation(expected, await EvaluateAsync(EndSnapshot, churn.Blob, champion: null));
        AssertEvaluation(expected, await EvaluateAsync(EndSnapshot, unlabelled, champion: null));

        // The labels from the part are all it needs of T: without them T is read.
        AssertEvaluation(expected, await EvaluateAsync("no-such-snapshot", churn.Blob, champion: null));
        await Assert.ThrowsAsync<SnapshotNotFoundException>(() => EvaluateAsync("no-such-snapshot", unlabelled, champion: null));
        Assert.InRange(expected.ChallengerAuc!.Value, 0.6, 1);
    }

    [Fact]
    public async Task Labels_of_another_window_are_not_used()
    {
        var (churn, part) = await PrepareAsync();

        var shorter = await EvaluateAsync(EndSnapshot, churn.Blob, champion: null, horizonDays: HorizonDays / 2);

        var expected = Reference(part.HoldoutCustomerIds, champion: null, horizonDays: HorizonDays / 2);
        AssertEvaluation(expected, shorter);
        Assert.NotEqual(Reference(part.HoldoutCustomerIds, champion: null).ChurnRate, shorter.ChurnRate);
    }

    [Fact]
    public async Task A_champion_in_another_time_unit_is_scored_on_rows_in_its_unit()
    {
        var (churn, part) = await PrepareAsync();
        Assert.Equal(LifetimeTimeUnit.Week, Challenger.TimeUnit);
        var champion = await PublishAsync(Rebuilt("v20261101-000000-days", LifetimeTimeUnit.Day, CustomerFeatures.CurrentSchemaVersion));

        var evaluation = await EvaluateAsync(EndSnapshot, churn.Blob, champion.Version);

        var expected = Reference(part.HoldoutCustomerIds, champion);
        Assert.NotNull(expected.ChampionAuc);
        AssertEvaluation(expected, evaluation);
        // The test tells the units apart: the champion on rows in the challenger's unit would score otherwise.
        Assert.NotEqual(expected.ChampionAuc, ChampionAucOnRowsIn(LifetimeTimeUnit.Week, part.HoldoutCustomerIds, champion));
    }

    [Fact]
    public async Task A_champion_of_another_feature_schema_is_reported_and_the_challenger_still_evaluated()
    {
        var (churn, part) = await PrepareAsync();
        var champion = await PublishAsync(Rebuilt("v20261101-000000-schema", Challenger.TimeUnit, CustomerFeatures.CurrentSchemaVersion + 1));

        var evaluation = await EvaluateAsync(EndSnapshot, churn.Blob, champion.Version);

        Assert.Null(evaluation.ChampionAuc);
        Assert.StartsWith($"The champion {champion.Version} cannot score the holdout:", evaluation.ChampionProblem, StringComparison.Ordinal);
        Assert.Contains("feature schema", evaluation.ChampionProblem, StringComparison.Ordinal);
        AssertEvaluation(Reference(part.HoldoutCustomerIds, champion: null) with { ChampionProblem = evaluation.ChampionProblem }, evaluation);
    }

    [Fact]
    public async Task A_churn_part_whose_labels_do_not_match_its_holdout_does_not_read()
    {
        var parts = new PartStore(_blobs);
        var fit = ChurnFit.NotTrained("no classifier") with
        {
            HoldoutCustomerIds = ["a", "b"],
            HoldoutLabels = new ChurnHoldoutLabels(Shop.TrainingAsOf, HorizonDays, [true]),
        };
        await parts.WriteAsync("runs/bad/churn.json", "runs/bad/churn-classifier.zip", fit, Ct);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => parts.ReadChurnPartAsync("runs/bad/churn.json", Ct));

        Assert.Contains("1 held-out labels for 2 held-out customers", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _timeout.Dispose();

    /// <summary>The snapshots at the cut-off and at T in several shards, the challenger and the churn part trained on them.</summary>
    private async Task<(ChurnPartResult Churn, ChurnPart Part)> PrepareAsync()
    {
        await EmbeddedStoreSnapshots.WriteAsync(_blobs, CutoffSnapshot, Shop.AtTraining, Shop.TrainingAsOf, shards: 4, rowGroup: 128, Ct);
        await EmbeddedStoreSnapshots.WriteAsync(_blobs, EndSnapshot, Shop.AtEnd, Shop.End, shards: 3, rowGroup: 300, Ct);
        var parts = new PartStore(_blobs);
        await parts.WriteBundleAsync(ChallengerBlob, Challenger, Ct);
        var activity = new TrainChurnClassifierActivity(Reader(), parts, new RetrainRunFiles(Retraining()), Retraining(), new ActivityCancellation());
        var result = await activity.RunAsync(new TrainChurnInput("e", EndSnapshot, CutoffSnapshot, Shop.TrainingAsOf), Ct);
        Assert.NotNull(result.ClassifierBlob);
        return (result, await parts.ReadChurnPartAsync(result.Blob, Ct));
    }

    private Task<ChallengerEvaluation> EvaluateAsync(string snapshotId, string churnBlob, string? champion, int horizonDays = HorizonDays)
    {
        var activity = new EvaluateChallengerActivity(
            Reader(), new PartStore(_blobs), Registry(), Retraining(), NullLogger<EvaluateChallengerActivity>.Instance, new ActivityCancellation());
        return activity.RunAsync(
            new EvaluateChallengerInput(ChallengerBlob, champion, snapshotId, CutoffSnapshot, Shop.TrainingAsOf, churnBlob, horizonDays), Ct);
    }

    /// <summary>
    /// The evaluation from the documents: each held-out customer known at the cut-off scored from its document as of
    /// then, labelled churned without a purchase day in (S, S + H] at T.
    /// </summary>
    private ChallengerEvaluation Reference(IReadOnlyList<string> holdout, ModelBundle? champion, int horizonDays = HorizonDays)
    {
        var cutoff = Shop.TrainingAsOf;
        var documents = HeldOutDocuments(holdout);
        var stayed = StayedAtEnd(horizonDays);
        var churned = documents.Select(d => !stayed.Contains(d.CustomerId)).ToArray();
        var scorer = new CustomerScorer(Challenger);
        var scores = documents.Select(d => scorer.Score(d, cutoff, explainChurn: false)).ToArray();
        var components = Challenger.Segments.ToDictionary(s => s.Id, s => s.Component);
        var sizes = new long[Challenger.Segments.Count];
        foreach (var score in scores)
        {
            sizes[components[score.SegmentId]]++;
        }

        var championScorer = champion is null ? null : new CustomerScorer(champion);
        var championAuc = championScorer is null ? null : Auc([.. documents.Select(d => championScorer.Score(d, cutoff, explainChurn: false).ChurnProbability)], churned);
        return new ChallengerEvaluation(
            true, documents.Length, churned.Count(c => c) / (double)churned.Length, Auc([.. scores.Select(s => s.ChurnProbability)], churned), sizes,
            championAuc, null);
    }

    private double? ChampionAucOnRowsIn(LifetimeTimeUnit unit, IReadOnlyList<string> holdout, ModelBundle champion)
    {
        var cutoff = Shop.TrainingAsOf;
        var documents = HeldOutDocuments(holdout);
        var stayed = StayedAtEnd();
        var scorer = new CustomerScorer(champion);
        var row = new double[TrainingRowFeaturizer.Width];
        var imputed = new bool[TrainingRowFeaturizer.Width];
        var probabilities = documents.Select(d =>
        {
            TrainingRowFeaturizer.Featurize(d, cutoff, unit, row, imputed);
            return scorer.Score(d.CustomerId, d.SchemaVersion, row, cutoff, explainChurn: false).ChurnProbability;
        }).ToArray();
        return Auc(probabilities, [.. documents.Select(d => !stayed.Contains(d.CustomerId))]);
    }

    private CustomerFeatures[] HeldOutDocuments(IReadOnlyList<string> holdout)
    {
        var ids = holdout.ToHashSet(StringComparer.Ordinal);
        return [.. Shop.AtTraining.Where(d => ids.Contains(d.CustomerId) && TrainingRowFeaturizer.IsKnownAt(d, Shop.TrainingAsOf))];
    }

    private HashSet<string> StayedAtEnd(int horizonDays = HorizonDays)
    {
        var (cutoff, end) = (Shop.TrainingAsOf, Shop.TrainingAsOf.AddDays(horizonDays));
        return Shop.AtEnd.Where(d => d.PurchaseDays.Any(p => AsOfDays.IsInWindow(p.Date, cutoff, end))).Select(d => d.CustomerId).ToHashSet(StringComparer.Ordinal);
    }

    private static double? Auc(double[] probabilities, bool[] churned)
    {
        var auc = ChurnMetrics.Compute(probabilities, churned).RocAuc;
        return double.IsFinite(auc) ? auc : null;
    }

    private static void AssertEvaluation(ChallengerEvaluation expected, ChallengerEvaluation actual)
    {
        Assert.True(actual.Labelled);
        Assert.Equal(expected.HoldoutCustomers, actual.HoldoutCustomers);
        Assert.Equal(expected.ChurnRate, actual.ChurnRate);
        Assert.Equal(expected.ChallengerSegmentSizes, actual.ChallengerSegmentSizes);
        Assert.Equal(expected.ChallengerAuc!.Value, actual.ChallengerAuc!.Value, 12);
        Assert.Equal(expected.ChampionAuc is null, actual.ChampionAuc is null);
        if (expected.ChampionAuc is { } championAuc)
        {
            Assert.Equal(championAuc, actual.ChampionAuc!.Value, 12);
        }

        Assert.Equal(expected.ChampionProblem, actual.ChampionProblem);
    }

    /// <summary>The challenger's parts in another time unit or feature schema, without a classifier: churn comes from BG/NBD in that unit.</summary>
    private ModelBundle Rebuilt(string version, LifetimeTimeUnit unit, int featureSchemaVersion)
    {
        var c = Challenger;
        var bg = c.BgNbd;
        return new ModelBundle(
            version, c.TrainedAt, c.AsOf, unit, c.SegmentationColumns, c.Scaler, c.Mixture, c.Segments,
            new BgNbdModel(bg.R, bg.Alpha, bg.A, bg.B, bg.LogLikelihood, bg.Customers, unit), c.GammaGamma, churn: null, c.ChurnHorizonDays,
            c.Clv, c.Metrics, featureSchemaVersion);
    }

    private async Task<ModelBundle> PublishAsync(ModelBundle bundle)
    {
        using var zip = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, zip, Ct);
        zip.Position = 0;
        await Registry().PublishAsync(bundle.Version, zip, new JsonObject(), Ct);
        return bundle;
    }

    private IOptions<RetrainingOptions> Retraining() =>
        Options.Create(new RetrainingOptions { ChurnHorizonDays = HorizonDays, Training = _training });

    private FeatureSnapshotReader Reader() => new(_blobs, Options.Create(new SnapshotOptions()));

    private ModelRegistry Registry() => new(
        _blobs, Options.Create(new ModelRegistryOptions()), (_, _) => Task.CompletedTask, TimeProvider.System, NullLogger<ModelRegistry>.Instance);
}
