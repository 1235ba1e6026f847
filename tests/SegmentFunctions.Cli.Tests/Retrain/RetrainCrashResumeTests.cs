using System.Globalization;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing.Emulators;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Cli.Tests.Retrain;

/// <summary>
/// `segment retrain` on the Azure Storage task hub (Azurite): a process killed (SIGKILL) in the middle of a run leaves
/// the run in the task hub, and the next `segment retrain` resumes it: finished activities are replayed from the
/// history, not executed again, and the run ends with one new model version and the result of an uninterrupted run.
/// </summary>
[Collection(Emulators.Collection)]
public sealed class RetrainCrashResumeTests(Emulators emulators) : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(4);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("segment-crash-");
    private readonly AzureBlobStore _blobs = new(emulators.CreateBlobServiceClient());

    [Fact]
    public async Task A_run_whose_process_was_killed_resumes_in_the_next_process_without_repeating_finished_activities()
    {
        await SeedFeaturesAsync();
        var uninterrupted = RetrainContainers.Unique();
        var crashed = RetrainContainers.Unique();

        using (var reference = SegmentProcess.Start(Environment(uninterrupted), _directory.FullName, Arguments))
        {
            Assert.True(await reference.WaitForExitAsync(ProcessTimeout) == 0, reference.Output);
        }

        var expected = await OnlyRunAsync(uninterrupted);
        string runId;
        Dictionary<string, string> partsBeforeCrash;
        using (var doomed = SegmentProcess.Start(Environment(crashed), _directory.FullName, Arguments))
        {
            runId = await WaitForRunIdAsync(crashed, doomed);
            // The challenger is assembled from the three fits, so their results are in the run's history by now.
            await WaitForBlobAsync($"{crashed.Runs}/{runId}/challenger/bundle.zip", doomed);
            await doomed.KillAsync();
            partsBeforeCrash = await PartETagsAsync(crashed, runId);
        }

        Assert.Null((await OnlyRunAsync(crashed)).ReadResult());
        using (var next = SegmentProcess.Start(Environment(crashed), _directory.FullName, Arguments))
        {
            Assert.True(await next.WaitForExitAsync(ProcessTimeout) == 0, next.Output);
            Assert.Contains(runId, next.Output, StringComparison.Ordinal);
        }

        var resumed = await OnlyRunAsync(crashed);
        var result = resumed.ReadResult();
        var uninterruptedResult = expected.ReadResult();
        Assert.Equal(runId, resumed.Id);
        Assert.NotNull(result);
        Assert.NotNull(uninterruptedResult);
        Assert.Equal((uninterruptedResult.Outcome, uninterruptedResult.Reason), (result.Outcome, result.Reason));
        Assert.Equal(JsonSerializer.Serialize(uninterruptedResult.Metrics), JsonSerializer.Serialize(result.Metrics));
        Assert.Equal(uninterruptedResult.BatchScore!.Scored, result.BatchScore!.Scored);
        Assert.Equal(1, await CountAsync($"{crashed.Models}/", "/metrics.json"));
        Assert.Equal(partsBeforeCrash, await PartETagsAsync(crashed, runId));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private static string[] Arguments => ["retrain", "--as-of", RetrainShop.T1.ToString("O", CultureInfo.InvariantCulture)];

    private async Task SeedFeaturesAsync()
    {
        using var features = new SqliteFeatureStore(Path.Combine(_directory.FullName, "features.db"));
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T1))
        {
            await features.WriteAsync(document, null, None);
        }
    }

    /// <summary>The CLI's settings: Azurite for blobs and the task hub (one hub per container set), small models, SQLite features.</summary>
    private Dictionary<string, string> Environment(RetrainContainers containers) => new()
    {
        ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
        ["SEGMENT_DATA_DIR"] = _directory.FullName,
        ["DurableTask__HubName"] = "crash" + containers.Runs[4..],
        // The killed process's activities come back after this; the fits here take a few seconds at most.
        ["DurableTask__WorkItemQueueVisibilityTimeout"] = "00:00:15",
        // Likewise an orchestration message the killed process had dequeued (its orchestrator was running).
        ["DurableTask__ControlQueueVisibilityTimeout"] = "00:00:15",
        ["Retraining__RunsContainer"] = containers.Runs,
        ["Snapshots__Container"] = containers.Snapshots,
        ["ModelRegistry__Container"] = containers.Models,
        ["BatchScoring__Container"] = containers.Scores,
        ["Retraining__ChurnHorizonDays"] = RetrainShop.HorizonDays.ToString(CultureInfo.InvariantCulture),
        ["Retraining__Training__MaxComponents"] = "4",
        ["Retraining__Training__Restarts"] = "1",
        ["Retraining__Training__Seed"] = "11",
        ["Retraining__Training__Churn__NumberOfTrees"] = "30",
        ["PromotionGate__MinSegmentCustomers"] = "5",
    };

    private async Task<RetrainRunStatus> OnlyRunAsync(RetrainContainers containers)
    {
        var runs = new List<RetrainRunStatus>();
        await foreach (var blob in _blobs.ListAsync($"{containers.Runs}/", None))
        {
            if (blob.Path.EndsWith("/run.json", StringComparison.Ordinal))
            {
                await using var download = await _blobs.OpenReadAsync(blob.Path, None);
                runs.Add((await JsonSerializer.DeserializeAsync(download!.Content, RetrainRunsJsonContext.Default.RetrainRunStatus, None))!);
            }
        }

        return Assert.Single(runs);
    }

    private async Task<string> WaitForRunIdAsync(RetrainContainers containers, SegmentProcess process)
    {
        var pointer = $"{containers.Runs}/active.json";
        await WaitForBlobAsync(pointer, process);
        await using var download = await _blobs.OpenReadAsync(pointer, None);
        return (await JsonSerializer.DeserializeAsync(download!.Content, RetrainRunsJsonContext.Default.ActiveRunPointer, None))!.RunId;
    }

    private async Task WaitForBlobAsync(string path, SegmentProcess process)
    {
        using var deadline = new CancellationTokenSource(ProcessTimeout);
        while (await _blobs.GetPropertiesAsync(path, None) is null)
        {
            Assert.False(deadline.IsCancellationRequested, $"{path} did not appear. Output:\n{process.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), None);
        }
    }

    /// <summary>Each part blob of the run with its ETag: a fit executed again would write its part again.</summary>
    private async Task<Dictionary<string, string>> PartETagsAsync(RetrainContainers containers, string runId)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in _blobs.ListAsync($"{containers.Runs}/{runId}/parts/", None))
        {
            parts[blob.Path] = blob.ETag;
        }

        Assert.NotEmpty(parts);
        return parts;
    }

    private async Task<int> CountAsync(string prefix, string suffix)
    {
        var count = 0;
        await foreach (var blob in _blobs.ListAsync(prefix, None))
        {
            count += blob.Path.EndsWith(suffix, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
