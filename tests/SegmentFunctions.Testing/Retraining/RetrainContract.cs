using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Storage.Embedded;
using Xunit;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// The retraining run end to end on a blob store given by the subclass and the embedded SQLite feature store: the
/// first run (as of T1) is a cold start; the second (as of T2 = T1 + H) finds T1's snapshot, trains the classifier and
/// meets the first model as champion. Runs go through the Durable Task SDK's worker and client on the in-process
/// sidecar, as in the CLI.
/// </summary>
public abstract class RetrainContract : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-retrain-").FullName;
    private readonly SqliteFeatureStore _features;

    protected RetrainContract() => _features = new SqliteFeatureStore(Path.Combine(_directory, "features.db"));

    protected abstract IBlobStore Blobs { get; }

    protected abstract TimeProvider Clock { get; }

    private RetrainContainers Containers { get; } = RetrainContainers.Unique();

    [Fact]
    public async Task Cold_start_publishes_segmentation_and_lifetime_and_trains_churn_on_a_rolling_origin()
    {
        await using var host = Host();
        var result = await ColdStartAsync(host);

        Assert.Equal(RetrainOutcome.Published, result.Outcome);
        Assert.Null(result.CutoffSnapshotId);
        Assert.Null(result.Metrics.ChallengerAuc);
        Assert.Equal(0, result.Metrics.HoldoutCustomers);
        Assert.Contains("No churn labels yet", result.Reason, StringComparison.Ordinal);
        Assert.Equal(result.ModelVersion, result.ServingVersion);
        Assert.Equal(result.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        var bundle = await LoadAsync(host, result.ModelVersion);
        AssertChurnServingReported(result, bundle);
        var customer = RetrainShop.DocumentsAt(RetrainShop.T1).First();
        var score = new CustomerScorer(bundle).Score(customer, RetrainShop.T1);
        Assert.Equal(bundle.Churn is null ? ChurnMethod.BgNbdFallback : ChurnMethod.Classifier, score.ChurnMethod);
        Assert.InRange(score.ChurnProbability, 0, 1);
        Assert.NotNull(bundle.Uncertainty);
        Assert.InRange(score.ExpectedPurchases, score.ExpectedPurchasesInterval!.Value.Low * 0.999, score.ExpectedPurchasesInterval.Value.High * 1.001);
        Assert.Equal(result.Metrics.Customers, result.BatchScore!.Scored);
        Assert.Null(result.BatchScore.FlowsAgainst);
    }

    [Fact]
    public async Task A_first_run_on_a_short_history_without_a_cutoff_snapshot_trains_the_classifier_on_a_rolling_origin()
    {
        await using var host = Host();
        await LoadFeaturesAsync(RetrainShop.ShortHistoryDocumentsAt(RetrainShop.ShortHistoryEnd));

        var result = RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.ShortHistoryEnd), None));

        Assert.Equal(RetrainOutcome.Published, result.Outcome);
        Assert.Null(result.CutoffSnapshotId);
        var bundle = await LoadAsync(host, result.ModelVersion);
        AssertChurnServingReported(result, bundle);
        Assert.True(result.Metrics.ChurnClassifierTrained, result.Metrics.ChurnNotTrainedReason);
        var customer = RetrainShop.ShortHistoryDocumentsAt(RetrainShop.ShortHistoryEnd).First();
        Assert.Equal(ChurnMethod.Classifier, new CustomerScorer(bundle).Score(customer, RetrainShop.ShortHistoryEnd).ChurnMethod);
    }

    [Fact]
    public async Task A_run_with_a_snapshot_H_old_trains_the_classifier_and_publishes_a_challenger_not_worse_than_the_champion()
    {
        await using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);

        var status = await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        var result = RetrainHost.Result(status);
        Assert.Equal(RetrainOutcome.Published, result.Outcome);
        Assert.Equal(first.SnapshotId, result.CutoffSnapshotId);
        Assert.True(result.Metrics.ChurnClassifierTrained);
        Assert.True(result.Metrics.HoldoutCustomers > 0);
        Assert.True(result.Metrics.ChallengerAuc >= result.Metrics.ChampionAuc - 0.005, result.Reason);
        Assert.StartsWith("Challenger promoted", result.Reason, StringComparison.Ordinal);
        var current = (await host.Registry.GetCurrentAsync(None))!.Model;
        Assert.Equal((result.ModelVersion, first.ModelVersion), (current.Version, current.PreviousVersion));
        Assert.NotNull((await LoadAsync(host, result.ModelVersion)).Churn);
        var published = await host.Registry.GetVersionAsync(result.ModelVersion, None);
        Assert.Equal(status.Id, published!.Metrics["runId"]!.GetValue<string>());
        Assert.Equal(2, (await host.Registry.ListAsync(None)).Count);
        Assert.Equal((result.ModelVersion, result.SnapshotId), (result.BatchScore!.Version, result.BatchScore.SnapshotId));
        Assert.Equal(result.Metrics.Customers, result.BatchScore.Scored);
        Assert.Equal(result.BatchScore.Scored, result.BatchScore.Segments.Sum(s => s.Count));
        Assert.Equal(first.ModelVersion, result.BatchScore.FlowsAgainst);
        Assert.InRange(result.BatchScore.ShareChanged!.Value, 0, 1);
    }

    [Fact]
    public async Task The_champion_is_kept_when_the_challenger_is_worse_on_the_same_holdout()
    {
        await using var host = Host();
        await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        var champion = RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None));

        // A one-split classifier on the same data and labels: a weaker challenger than the champion's 30 trees.
        await using var weak = Host(new Dictionary<string, string?>
        {
            ["Retraining:Training:Churn:NumberOfTrees"] = "1",
            ["Retraining:Training:Churn:NumberOfLeaves"] = "2",
            ["PromotionGate:MinimumAuc"] = "0",
        });
        var status = await weak.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        var result = RetrainHost.Result(status);
        Assert.Equal(RetrainOutcome.KeptChampion, result.Outcome);
        Assert.Contains("below the champion's", result.Reason, StringComparison.Ordinal);
        Assert.True(result.Metrics.ChallengerAuc < result.Metrics.ChampionAuc);
        Assert.Equal(champion.ModelVersion, result.ServingVersion);
        Assert.Equal(champion.ModelVersion, (await weak.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Null(await weak.Registry.GetVersionAsync(result.ModelVersion, None));
        Assert.Null(result.BatchScore);
    }

    [Fact]
    public async Task Rollback_promotes_the_older_version_again()
    {
        await using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        var second = RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None));

        var rolledBack = await host.Registry.PromoteAsync(first.ModelVersion, "rollback", null, None);

        Assert.Equal((first.ModelVersion, second.ModelVersion), (rolledBack.Model.Version, rolledBack.Model.PreviousVersion));
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Equal(first.ModelVersion, (await LoadAsync(host, first.ModelVersion)).Version);
    }

    [Fact]
    public async Task An_empty_snapshot_fails_the_readiness_step_and_keeps_the_champion()
    {
        await using var host = Host();
        var first = await ColdStartAsync(host);

        // As of a time before any event, every document is newer than the snapshot and left out of it.
        var status = await host.RetrainAsync(new RetrainRequest("test", RetrainShop.Start.AddDays(-1)), None);

        Assert.Equal(RetrainRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(RetrainActivityNames.CheckReadiness, status.Failure!.Step);
        Assert.Contains("is empty", status.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Single(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task A_corrupt_challenger_bundle_is_never_published_or_promoted()
    {
        await using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        await using var corrupting = Host(blobs: new CorruptingBlobStore(Blobs, path => path.EndsWith("/challenger/bundle.zip", StringComparison.Ordinal)));

        var status = await corrupting.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        Assert.Equal(RetrainRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(RetrainActivityNames.EvaluateChallenger, status.Failure!.Step);
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Single(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task A_transient_store_failure_in_an_activity_is_retried_and_the_run_completes()
    {
        await LoadFeaturesAsync(RetrainShop.T1);
        var flaky = new FailingWritesBlobStore(Blobs, IsLifetimePart, () => new StoreUnavailableException("the store is briefly unavailable"), times: 1);
        await using var host = Host(blobs: flaky);

        var result = RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), None));

        Assert.Equal(RetrainOutcome.Published, result.Outcome);
        Assert.Equal(2, flaky.Attempts);
    }

    [Fact]
    public async Task A_failure_that_would_repeat_is_not_retried_and_fails_the_run_at_its_step()
    {
        await LoadFeaturesAsync(RetrainShop.T1);
        var broken = new FailingWritesBlobStore(Blobs, IsLifetimePart, () => new InvalidOperationException("the part cannot be written"), times: int.MaxValue);
        await using var host = Host(blobs: broken);

        var status = await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), None);

        Assert.Equal(RetrainRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(
            (RetrainActivityNames.FitLifetime, nameof(InvalidOperationException), "the part cannot be written"),
            (status.Failure!.Step, status.Failure.ErrorType, status.Failure.Message));
        Assert.Equal(1, broken.Attempts);
        Assert.Empty(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task Concurrent_starts_give_one_run_and_one_model_version()
    {
        await using var host = Host();
        await LoadFeaturesAsync(RetrainShop.T1);
        var request = new RetrainRequest("test", RetrainShop.T1);
        await host.Durable.StartAsync(None);

        var starts = await Task.WhenAll(
            Task.Run(() => host.StartAsync(request, None)),
            Task.Run(() => host.StartAsync(request, None)));
        var run = await host.WaitAsync(starts[0].RunId, None);

        Assert.Single(starts.Select(s => s.RunId).Distinct());
        Assert.Single(starts, s => s.Created);
        Assert.Equal(RetrainRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Single(await host.Runs.ListAsync(host.Durable.Client, None));
        Assert.Single(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task A_start_while_a_run_is_active_returns_that_run_and_a_start_after_it_creates_a_new_one()
    {
        await using var host = Host();
        await LoadFeaturesAsync(RetrainShop.T1);
        var request = new RetrainRequest("test", RetrainShop.T1);

        var first = await host.StartAsync(request, None);
        var second = await host.StartAsync(request with { Force = true }, None);
        await host.WaitAsync(first.RunId, None);
        var third = await host.StartAsync(request, None);
        await host.WaitAsync(third.RunId, None);

        Assert.Equal((first.RunId, true), (first.RunId, first.Created));
        Assert.Equal((first.RunId, false), (second.RunId, second.Created));
        Assert.True(third.Created);
        Assert.NotEqual(first.RunId, third.RunId);
        var runs = await host.Runs.ListAsync(host.Durable.Client, None);
        Assert.Equal(new[] { first.RunId, third.RunId }.Order(StringComparer.Ordinal), runs.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.Equal(RetrainRuntimeStatus.Completed, r.RuntimeStatus));
    }

    [Fact]
    public async Task Past_runs_are_listed_from_their_records_by_a_process_whose_task_hub_never_knew_them()
    {
        RetrainRunStatus finished;
        await using (var first = Host())
        {
            await LoadFeaturesAsync(RetrainShop.T1);
            finished = await first.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), None);
        }

        await using var later = Host();
        await later.Durable.StartClientAsync(None);
        var listed = Assert.Single(await later.Runs.ListAsync(later.Durable.Client, None));
        var status = await later.Runs.GetStatusAsync(later.Durable.Client, finished.Id, None);

        Assert.Equal((finished.Id, RetrainRuntimeStatus.Completed), (listed.Id, listed.RuntimeStatus));
        Assert.Equal(RetrainHost.Result(finished).ModelVersion, RetrainHost.Result(status!).ModelVersion);
        Assert.Equal("test", status!.ReadRequest()!.Trigger);
        Assert.Equal(new RetrainProgress(RetrainSteps.Done, 1.0), status.CustomStatus);
    }

    [Fact]
    public async Task A_run_its_task_hub_forgot_is_not_active_any_more_and_reads_as_abandoned()
    {
        await using var host = Host();
        await LoadFeaturesAsync(RetrainShop.T1);
        var longAgo = Clock.GetUtcNow().AddHours(-1);
        var forgotten = RetrainRunIds.New(longAgo);
        await host.Records.WriteRecordAsync(new RetrainRunStatus
        {
            Id = forgotten,
            Name = RetrainOrchestration.Name,
            RuntimeStatus = RetrainRuntimeStatus.Pending,
            CreatedTime = longAgo,
            LastUpdatedTime = longAgo,
        }, None);
        await host.Records.WritePointerAsync(new ActiveRunPointer(forgotten, longAgo, Scheduled: true), etag: null, None);

        var start = await host.StartAsync(new RetrainRequest("test", RetrainShop.T1), None);
        await host.WaitAsync(start.RunId, None);
        var abandoned = await host.Runs.GetStatusAsync(host.Durable.Client, forgotten, None);

        Assert.True(start.Created);
        Assert.NotEqual(forgotten, start.RunId);
        Assert.Equal((RetrainRuntimeStatus.Failed, "RunAbandoned"), (abandoned!.RuntimeStatus, abandoned.Failure!.ErrorType));
        Assert.Equal(2, (await host.Runs.ListAsync(host.Durable.Client, None)).Count);
    }

    public void Dispose()
    {
        _features.Dispose();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The serving choice without a cut-off snapshot: the classifier, or BG/NBD with the validation that chose it.</summary>
    private static void AssertChurnServingReported(RetrainResult result, ModelBundle bundle)
    {
        Assert.Equal(result.Metrics.ChurnClassifierTrained, bundle.Churn is not null);
        if (!result.Metrics.ChurnClassifierTrained)
        {
            Assert.StartsWith("BG/NBD serves churn: the classifier's validation ROC AUC", result.Metrics.ChurnNotTrainedReason, StringComparison.Ordinal);
        }
    }

    private static bool IsLifetimePart(string path) => path.EndsWith("/parts/lifetime.json", StringComparison.Ordinal);

    private RetrainHost Host(IReadOnlyDictionary<string, string?>? settings = null, IBlobStore? blobs = null) =>
        new(blobs ?? Blobs, _features, Clock, Containers, settings);

    private async Task<RetrainResult> ColdStartAsync(RetrainHost host)
    {
        await LoadFeaturesAsync(RetrainShop.T1);
        return RetrainHost.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), None));
    }

    /// <summary>Replaces the feature store's documents by those as of <paramref name="asOf"/>.</summary>
    private Task LoadFeaturesAsync(DateTimeOffset asOf) => LoadFeaturesAsync(RetrainShop.DocumentsAt(asOf));

    private async Task LoadFeaturesAsync(IEnumerable<CustomerFeatures> documents)
    {
        foreach (var document in documents)
        {
            var stored = await _features.ReadAsync(document.CustomerId, None);
            await _features.WriteAsync(document, stored?.ETag, None);
        }
    }

    private static async Task<ModelBundle> LoadAsync(RetrainHost host, string version)
    {
        await using var stream = await host.Registry.OpenBundleAsync(version, None);
        return await ModelBundleSerializer.LoadAsync(stream, None);
    }
}
