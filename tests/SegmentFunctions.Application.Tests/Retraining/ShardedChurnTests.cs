using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Snapshots;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Application.Tests.Training;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>
/// The readiness check, the churn classifier and the challenger's evaluation read the snapshots a row group at a
/// time: a snapshot in one shard and the same in several (other boundaries, other row groups) give the same results,
/// and the readiness of the snapshot's whole table.
/// </summary>
public sealed class ShardedChurnTests(TrainedBundleFixture fixture) : IClassFixture<TrainedBundleFixture>, IDisposable
{
    private const int HorizonDays = SyntheticShopSnapshots.HorizonDays;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly ModelBundleTrainingOptions _training = fixture.Options with { MaxComponents = 4, Restarts = 1 };

    private CancellationToken Ct => _timeout.Token;
    private SyntheticShopSnapshots Shop => fixture.Shop;

    [Fact]
    public async Task Readiness_read_shard_by_shard_is_the_readiness_of_the_whole_table()
    {
        await SnapshotAsync("end-one", Shop.AtEnd, Shop.End, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("end-four", Shop.AtEnd, Shop.End, shards: 4, rowGroup: 128);
        var table = await SnapshotTableBuilder.ReadAsync(Reader(), "end-one", _training.TimeUnit, Ct);
        var trainer = new ModelBundleTrainer(_training);
        var churn = trainer.CheckChurnReadiness(table.Timelines(), Shop.End, cutoffDocuments: true);
        var earliest = Shop.AtEnd.Min(d => d.FirstSeenAt);
        var expected = new ReadinessResult(
            table.Documents, table.Features.RowCount, table.Buyers(), churn.IsReady, churn.IsReady ? null : ChurnFit.NotReady(churn).NotTrainedReason, earliest);

        // The same from the documents in memory, by the definitions of customers (known at T) and buyers.
        var known = Shop.AtEnd.Where(d => TrainingRowFeaturizer.IsKnownAt(d, Shop.End)).ToList();
        Assert.Equal(
            expected,
            new ReadinessResult(Shop.AtEnd.Count, known.Count, known.Count(d => d.FirstPurchaseAt <= Shop.End), churn.IsReady, expected.ChurnNotReadyReason, earliest));
        Assert.Equal(churn.ToString(), trainer.CheckChurnReadiness(Shop.AtEnd, Shop.End, cutoffDocuments: true).ToString());

        foreach (var snapshot in new[] { "end-one", "end-four" })
        {
            var activity = new CheckReadinessActivity(Reader(), Retraining(), new ActivityCancellation());
            Assert.Equal(expected, await activity.RunAsync(new CheckReadinessInput(snapshot, Shop.End, HorizonDays, CutoffSnapshot: true), Ct));
        }

        Assert.True(expected.ChurnReady, expected.ChurnNotReadyReason);
    }

    [Fact]
    public async Task The_classifier_trained_from_one_shard_or_several_is_the_classifier_of_the_whole_tables()
    {
        await SnapshotAsync("cut-one", Shop.AtTraining, Shop.TrainingAsOf, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("cut-four", Shop.AtTraining, Shop.TrainingAsOf, shards: 4, rowGroup: 128);
        await SnapshotAsync("end-one", Shop.AtEnd, Shop.End, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("end-three", Shop.AtEnd, Shop.End, shards: 3, rowGroup: 300);
        var trainer = new ModelBundleTrainer(_training);
        var inMemory = trainer.FitChurn(trainer.BuildTable(Shop.AtTraining, Shop.TrainingAsOf), Shop.AtEnd, readiness: null, Ct);

        var one = await TrainAsync("one", "end-one", "cut-one");
        var several = await TrainAsync("several", "end-three", "cut-four");
        // With T's earliest first-seen time from the readiness check, the labels' pass decodes only the sampled customers.
        var sampledOnly = await TrainAsync("sampled-only", "end-three", "cut-four", Shop.AtEnd.Min(d => d.FirstSeenAt));

        Assert.Null(one.Result.NotTrainedReason);
        Assert.Equal(one.Result with { Blob = "", ClassifierBlob = "" }, several.Result with { Blob = "", ClassifierBlob = "" });
        Assert.Equal(one.Result with { Blob = "", ClassifierBlob = "" }, sampledOnly.Result with { Blob = "", ClassifierBlob = "" });
        Assert.Equal(one.Fit.HoldoutCustomerIds, sampledOnly.Fit.HoldoutCustomerIds);
        Assert.Equal(one.Fit.HoldoutCustomerIds, several.Fit.HoldoutCustomerIds);
        Assert.Equal(inMemory.HoldoutCustomerIds, one.Fit.HoldoutCustomerIds);
        Assert.Equal(inMemory.Quality!.Model.RocAuc, one.Result.Auc);
        Assert.Equal(inMemory.Quality.Baseline.RocAuc, one.Result.BaselineAuc);
        var rows = trainer.BuildTable(Shop.AtTraining, Shop.TrainingAsOf);
        Assert.Equal(one.Fit.Classifier!.PredictBatch(rows), several.Fit.Classifier!.PredictBatch(rows));
        Assert.Equal(one.Fit.Classifier.PredictBatch(rows), sampledOnly.Fit.Classifier!.PredictBatch(rows));

        // The held-out customers' labels are kept with them, the same however the snapshots were split.
        Assert.Equal(inMemory.HoldoutLabels!.Churned, one.Fit.HoldoutLabels!.Churned);
        Assert.Equal(one.Fit.HoldoutLabels.Churned, several.Fit.HoldoutLabels!.Churned);
        Assert.Equal(one.Fit.HoldoutLabels.Churned, sampledOnly.Fit.HoldoutLabels!.Churned);
        Assert.Equal(new ChurnHoldoutLabels(Shop.TrainingAsOf, HorizonDays, one.Fit.HoldoutLabels.Churned), one.Fit.HoldoutLabels);
    }

    [Fact]
    public async Task A_rolling_origin_from_one_shard_or_several_is_the_rolling_origin_of_the_documents()
    {
        await SnapshotAsync("end-one", Shop.AtEnd, Shop.End, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("end-four", Shop.AtEnd, Shop.End, shards: 4, rowGroup: 200);
        var trainer = new ModelBundleTrainer(_training);
        var readiness = trainer.CheckChurnReadiness(Shop.AtEnd, Shop.End, cutoffDocuments: false);
        var inMemory = trainer.FitChurnRollingOrigin(Shop.AtEnd, readiness.Plan!, readiness, Ct);

        var one = await TrainAsync("one", "end-one", cutoffSnapshot: null);
        var several = await TrainAsync("several", "end-four", cutoffSnapshot: null);

        Assert.True(readiness.Plan!.IsRollingOrigin);
        Assert.Equal(one.Result with { Blob = "", ClassifierBlob = "" }, several.Result with { Blob = "", ClassifierBlob = "" });
        Assert.Equal(one.Fit.HoldoutCustomerIds, several.Fit.HoldoutCustomerIds);
        Assert.Equal(inMemory.HoldoutCustomerIds, one.Fit.HoldoutCustomerIds);
        Assert.Equal(inMemory.Serving!.Classifier.RocAuc, one.Result.Auc ?? inMemory.Serving.Classifier.RocAuc);
        Assert.NotEmpty(one.Fit.HoldoutCustomerIds);

        // A customer has a label per cut-off on a rolling origin: none is kept for the evaluation.
        Assert.Null(inMemory.HoldoutLabels);
        Assert.Null((await new PartStore(_blobs).ReadChurnPartAsync(one.Result.Blob, Ct)).HoldoutLabels);
    }

    [Fact]
    public async Task The_evaluation_from_one_shard_or_several_is_the_same_on_a_listed_holdout_and_on_the_drawn_one()
    {
        await SnapshotAsync("cut-one", Shop.AtTraining, Shop.TrainingAsOf, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("cut-four", Shop.AtTraining, Shop.TrainingAsOf, shards: 4, rowGroup: 128);
        await SnapshotAsync("end-one", Shop.AtEnd, Shop.End, shards: 1, rowGroup: 1_000);
        await SnapshotAsync("end-three", Shop.AtEnd, Shop.End, shards: 3, rowGroup: 300);
        var parts = new PartStore(_blobs);
        await parts.WriteBundleAsync("runs/e/challenger/bundle.zip", fixture.Result.Bundle, Ct);
        var churn = await TrainAsync("e", "end-one", "cut-one");

        var evaluations = new List<ChallengerEvaluation>();
        foreach (var (end, cut) in new[] { ("end-one", "cut-one"), ("end-three", "cut-four") })
        {
            foreach (var churnPart in new[] { churn.Result.Blob, null })
            {
                var activity = new EvaluateChallengerActivity(
                    Reader(), parts, Registry(), Retraining(), NullLogger<EvaluateChallengerActivity>.Instance, new ActivityCancellation());
                evaluations.Add(await activity.RunAsync(
                    new EvaluateChallengerInput("runs/e/challenger/bundle.zip", null, end, cut, Shop.TrainingAsOf, churnPart, HorizonDays), Ct));
            }
        }

        var (listed, drawn) = (evaluations[0], evaluations[1]);
        Assert.Equivalent(listed, evaluations[2], strict: true);
        Assert.Equivalent(drawn, evaluations[3], strict: true);
        Assert.Equal(churn.Fit.HoldoutCustomerIds.Count, listed.HoldoutCustomers);
        Assert.Equal(listed.HoldoutCustomers, listed.ChallengerSegmentSizes.Sum());
        // Without a listed holdout, the customers the classifier's training would hold out: the same draw by id.
        Assert.Equal(listed.HoldoutCustomers, drawn.HoldoutCustomers);
        Assert.Equal(listed.ChallengerAuc, drawn.ChallengerAuc);
        Assert.InRange(listed.ChallengerAuc!.Value, 0.6, 1);
    }

    public void Dispose() => _timeout.Dispose();

    private async Task<(ChurnPartResult Result, ChurnFit Fit)> TrainAsync(
        string runId, string snapshotId, string? cutoffSnapshot, DateTimeOffset? earliestFirstSeen = null)
    {
        var parts = new PartStore(_blobs);
        var activity = new TrainChurnClassifierActivity(Reader(), parts, new RetrainRunFiles(Retraining()), Retraining(), new ActivityCancellation());
        var result = await activity.RunAsync(
            new TrainChurnInput(runId, snapshotId, cutoffSnapshot, cutoffSnapshot is null ? null : Shop.TrainingAsOf, earliestFirstSeen), Ct);
        var fit = result.ClassifierBlob is { } classifier
            ? await parts.ReadChurnAsync(result.Blob, classifier, Ct)
            : await NotTrainedAsync(parts, result);
        return (result, fit);
    }

    private async Task<ChurnFit> NotTrainedAsync(PartStore parts, ChurnPartResult result)
    {
        var part = await parts.ReadChurnPartAsync(result.Blob, Ct);
        return ChurnFit.NotTrained(result.NotTrainedReason!) with { HoldoutCustomerIds = part.HoldoutCustomerIds, HoldoutLabels = part.HoldoutLabels };
    }

    private IOptions<RetrainingOptions> Retraining() =>
        Options.Create(new RetrainingOptions { ChurnHorizonDays = HorizonDays, Training = _training });

    private FeatureSnapshotReader Reader() => new(_blobs, Options.Create(new SnapshotOptions()));

    private ModelRegistry Registry() => new(
        _blobs, Options.Create(new ModelRegistryOptions()), (_, _) => Task.CompletedTask, TimeProvider.System, NullLogger<ModelRegistry>.Instance);

    private Task SnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf, int shards, int rowGroup) =>
        EmbeddedStoreSnapshots.WriteAsync(_blobs, snapshotId, documents, asOf, shards, rowGroup, Ct);
}
