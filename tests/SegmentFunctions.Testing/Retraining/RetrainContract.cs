using System.Text.Json;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Storage.Embedded;
using Xunit;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// The retraining run end to end on a blob store given by the subclass and the embedded SQLite feature store: the
/// first run (as of T1) is a cold start; the second (as of T2 = T1 + H) finds T1's snapshot, trains the classifier and
/// meets the first model as champion.
/// </summary>
public abstract class RetrainContract : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-retrain-").FullName;
    private readonly SqliteFeatureStore _features;

    protected RetrainContract() => _features = new SqliteFeatureStore(Path.Combine(_directory, "features.db"));

    protected abstract IBlobStore Blobs { get; }

    protected abstract TimeProvider Clock { get; }

    /// <summary>Which journal records (1 = the first activity's) the crash test dies after.</summary>
    protected abstract IReadOnlyList<int> CrashPoints { get; }

    /// <summary>Lets the singleton lease a dead worker left expire.</summary>
    protected abstract Task LetLeaseExpireAsync();

    private RetrainContainers Containers { get; } = RetrainContainers.Unique();

    [Fact]
    public async Task Cold_start_publishes_segmentation_and_lifetime_and_scores_churn_from_expected_purchases()
    {
        using var host = Host();
        var result = await ColdStartAsync(host);

        Assert.Equal(RetrainOutcome.Published, result.Outcome);
        Assert.Null(result.CutoffSnapshotId);
        Assert.False(result.Metrics.ChurnClassifierTrained);
        Assert.Null(result.Metrics.ChallengerAuc);
        Assert.Equal(0, result.Metrics.HoldoutCustomers);
        Assert.Contains("No churn labels yet", result.Reason, StringComparison.Ordinal);
        Assert.Equal(result.ModelVersion, result.ServingVersion);
        Assert.Equal(result.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        var bundle = await LoadAsync(host, result.ModelVersion);
        Assert.Null(bundle.Churn);
        var customer = RetrainShop.DocumentsAt(RetrainShop.T1).First();
        var score = new CustomerScorer(bundle).Score(customer, RetrainShop.T1);
        Assert.Equal(ChurnMethod.BgNbdFallback, score.ChurnMethod);
        Assert.InRange(score.ChurnProbability, 0, 1);
        Assert.Equal(result.Metrics.Customers, result.BatchScore!.Scored);
        Assert.Null(result.BatchScore.FlowsAgainst);
    }

    [Fact]
    public async Task A_run_with_a_snapshot_H_old_trains_the_classifier_and_publishes_a_challenger_not_worse_than_the_champion()
    {
        using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);

        var status = await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        var result = host.Result(status);
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
        using var host = Host();
        await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        var champion = host.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None));

        // A one-split classifier on the same data and labels: a weaker challenger than the champion's 30 trees.
        using var weak = Host(new Dictionary<string, string?>
        {
            ["Retraining:Training:Churn:NumberOfTrees"] = "1",
            ["Retraining:Training:Churn:NumberOfLeaves"] = "2",
            ["PromotionGate:MinimumAuc"] = "0",
        });
        var status = await weak.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        var result = weak.Result(status);
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
        using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        var second = host.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None));

        var rolledBack = await host.Registry.PromoteAsync(first.ModelVersion, "rollback", null, None);

        Assert.Equal((first.ModelVersion, second.ModelVersion), (rolledBack.Model.Version, rolledBack.Model.PreviousVersion));
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Equal(first.ModelVersion, (await LoadAsync(host, first.ModelVersion)).Version);
    }

    [Fact]
    public async Task An_empty_snapshot_fails_the_readiness_step_and_keeps_the_champion()
    {
        using var host = Host();
        var first = await ColdStartAsync(host);

        // As of a time before any event, every document is newer than the snapshot and left out of it.
        var status = await host.RetrainAsync(new RetrainRequest("test", RetrainShop.Start.AddDays(-1)), None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(RetrainActivityNames.CheckReadiness, status.Failure!.Step);
        Assert.Contains("is empty", status.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Single(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task A_corrupt_challenger_bundle_is_never_published_or_promoted()
    {
        using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        using var corrupting = Host(blobs: new CorruptingBlobStore(Blobs, path => path.EndsWith("/challenger/bundle.zip", StringComparison.Ordinal)));

        var status = await corrupting.RetrainAsync(new RetrainRequest("test", RetrainShop.T2), None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(RetrainActivityNames.EvaluateChallenger, status.Failure!.Step);
        Assert.Equal(first.ModelVersion, (await host.Registry.GetCurrentAsync(None))!.Model.Version);
        Assert.Single(await host.Registry.ListAsync(None));
    }

    [Fact]
    public async Task A_crash_after_each_activity_resumes_to_one_new_version_and_the_uninterrupted_result()
    {
        using var host = Host();
        var first = await ColdStartAsync(host);
        await LoadFeaturesAsync(RetrainShop.T2);
        var request = new RetrainRequest("test", RetrainShop.T2);
        var expected = host.Result(await host.RetrainAsync(request, None));
        await host.Registry.PromoteAsync(first.ModelVersion, "test reset", null, None);

        foreach (var crashAfter in CrashPoints)
        {
            var versionsBefore = (await host.Registry.ListAsync(None)).Count;
            var dying = DyingBlobStore.AfterJournalRecords(Blobs, crashAfter);
            string runId;
            using (var doomed = Host(blobs: dying))
            {
                runId = (await doomed.Client.StartNewAsync(RetrainOrchestration.Name, request, None)).RunId;
                var crash = await Record.ExceptionAsync(() => doomed.Worker.RunAsync(runId, None));
                Assert.True(dying.HasDied, $"The worker should have died after record {crashAfter}; it ended with {crash?.Message ?? "no exception"}.");
            }

            await LetLeaseExpireAsync();
            using var next = Host();
            var restart = await next.Client.StartNewAsync(RetrainOrchestration.Name, request, None);
            var result = next.Result(await next.Worker.RunAsync(restart.RunId, None));

            Assert.Equal((runId, false), (restart.RunId, restart.Created));
            Assert.Equal(expected.Outcome, result.Outcome);
            Assert.Equal(expected.Reason, result.Reason);
            Assert.Equal(JsonSerializer.Serialize(expected.Metrics), JsonSerializer.Serialize(result.Metrics));
            Assert.Equal(
                JsonSerializer.Serialize(expected.BatchScore! with { Version = "" }),
                JsonSerializer.Serialize(result.BatchScore! with { Version = "", SnapshotId = expected.BatchScore.SnapshotId }));
            Assert.Equal(versionsBefore + 1, (await next.Registry.ListAsync(None)).Count);
            Assert.Equal(result.ModelVersion, (await next.Registry.GetCurrentAsync(None))!.Model.Version);
            await next.Registry.PromoteAsync(first.ModelVersion, "test reset", null, None);
        }
    }

    [Fact]
    public async Task Concurrent_starts_give_one_run_and_one_model_version()
    {
        using var host = Host();
        using var other = Host();
        await LoadFeaturesAsync(RetrainShop.T1);
        var request = new RetrainRequest("test", RetrainShop.T1);

        var starts = await Task.WhenAll(
            Task.Run(() => host.Client.StartNewAsync(RetrainOrchestration.Name, request, None)),
            Task.Run(() => other.Client.StartNewAsync(RetrainOrchestration.Name, request, None)));
        var runs = await Task.WhenAll(
            Task.Run(() => host.Worker.RunAsync(starts[0].RunId, None)),
            Task.Run(() => other.Worker.RunAsync(starts[1].RunId, None)));

        Assert.Single(starts.Select(s => s.RunId).Distinct());
        Assert.Single(starts, s => s.Created);
        Assert.Contains(runs, r => r.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
        var final = await host.Worker.RunAsync(starts[0].RunId, None);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
        Assert.Single(await host.Client.ListRunsAsync(None));
        Assert.Single(await host.Registry.ListAsync(None));
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

    private RetrainHost Host(IReadOnlyDictionary<string, string?>? settings = null, IBlobStore? blobs = null) =>
        new(blobs ?? Blobs, _features, Clock, Containers, settings);

    private async Task<RetrainResult> ColdStartAsync(RetrainHost host)
    {
        await LoadFeaturesAsync(RetrainShop.T1);
        return host.Result(await host.RetrainAsync(new RetrainRequest("test", RetrainShop.T1), None));
    }

    /// <summary>Replaces the feature store's documents by those as of <paramref name="asOf"/>.</summary>
    private async Task LoadFeaturesAsync(DateTimeOffset asOf)
    {
        foreach (var document in RetrainShop.DocumentsAt(asOf))
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
