using System.Text.Json;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>
/// The engine's behaviour against a blob store: subclasses supply the store (in memory, local folder, Azurite), so
/// the same journal, resume and singleton guarantees are checked on each.
/// </summary>
public abstract class OrchestrationEngineTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PipelineInput Input = new(Seed: 3, FanOut: 3);
    private const int PipelineCalls = 5;

    private readonly RunLayout _layout;

    protected OrchestrationEngineTests()
    {
        _layout = new RunLayout(Container);
    }

    /// <summary>A container per test, so tests sharing one storage account never see each other's runs.</summary>
    protected string Container { get; } = "o" + Guid.NewGuid().ToString("N")[..20];

    protected abstract IBlobStore CreateStore(TimeProvider clock);

    [Fact]
    public async Task Sequential_and_fan_out_steps_complete_and_journal_each_call_once()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);

        var start = await host.Client.StartNewAsync(PipelineOrchestrator.Name, Input, None);
        var status = await host.Worker.RunAsync(start.RunId, None);

        Assert.True(start.Created);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var output = status.ReadOutput<PipelineOutput>(host.Json)!;
        Assert.Equal(6, output.Doubled);
        Assert.Equal([36, 49, 64], output.Squares);
        Assert.Equal(149, output.Sum);
        Assert.Equal(new OrchestrationCustomStatus("done", 1.0), status.CustomStatus);

        var records = await ReadRecordsAsync(store, start.RunId);
        Assert.Equal(["Double", "Square", "Square", "Square", "Sum"], records.Select(r => r.Name));
        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(1, r.Attempts));
        Assert.All(Enumerable.Range(1, PipelineCalls), seq => Assert.Equal(1, log.Count(seq)));
    }

    [Fact]
    public async Task Status_document_has_the_check_status_shape()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(PipelineOrchestrator.Name, Input, None);
        await host.Worker.RunAsync(start.RunId, None);

        await using var blob = await store.OpenReadAsync(_layout.Status(start.RunId), None);
        using var json = await JsonDocument.ParseAsync(blob!.Content);
        var root = json.RootElement;

        Assert.Equal(start.RunId, root.GetProperty("id").GetString());
        Assert.Equal("Completed", root.GetProperty("runtimeStatus").GetString());
        Assert.Equal("done", root.GetProperty("customStatus").GetProperty("step").GetString());
        Assert.Equal(149, root.GetProperty("output").GetProperty("sum").GetInt32());
        Assert.Equal(3, root.GetProperty("input").GetProperty("seed").GetInt32());
        Assert.True(root.GetProperty("createdTime").GetDateTimeOffset() <= root.GetProperty("lastUpdatedTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Running_a_completed_run_again_executes_nothing()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(PipelineOrchestrator.Name, Input, None);
        await host.Worker.RunAsync(start.RunId, None);
        var written = await store.GetPropertiesAsync(_layout.Status(start.RunId), None);

        var again = await host.Worker.RunAsync(start.RunId, None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, again.RuntimeStatus);
        Assert.Equal(written, await store.GetPropertiesAsync(_layout.Status(start.RunId), None));
        Assert.Equal(PipelineCalls, log.Snapshot().Values.Sum());
    }

    /// <summary>Every pipeline shape from one to four parallel calls, crashed after each of its journal records in turn.</summary>
    public static TheoryData<int, int> CrashPoints()
    {
        var data = new TheoryData<int, int>();
        foreach (var fanOut in Enumerable.Range(1, 4))
        {
            foreach (var crashAfter in Enumerable.Range(1, fanOut + 2))
            {
                data.Add(fanOut, crashAfter);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_crash_after_any_journaled_call_resumes_to_the_same_output_without_re_executing_journaled_calls(int fanOut, int crashAfterRecords)
    {
        var input = Input with { FanOut = fanOut };
        var calls = fanOut + 2;
        var expected = await UninterruptedPipelineOutputAsync(input);
        var (store, clock, log) = Arrange();
        var crashing = DyingBlobStore.AfterJournalRecords(store, crashAfterRecords);
        string runId;
        using (var dying = Host(crashing, clock, log))
        {
            runId = (await dying.Client.StartNewAsync(PipelineOrchestrator.Name, input, None)).RunId;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => dying.Worker.RunAsync(runId, None));
        }

        var journaledBeforeCrash = (await ReadRecordsAsync(store, runId)).Select(r => r.Sequence).ToHashSet();
        var executedBeforeCrash = log.Snapshot();
        Assert.Equal(crashAfterRecords, journaledBeforeCrash.Count);
        clock.Advance(EngineHost.LeaseDuration + TimeSpan.FromSeconds(1));

        using var next = Host(store, clock, log);
        var restart = await next.Client.StartNewAsync(PipelineOrchestrator.Name, input, None);
        var status = await next.Worker.RunAsync(restart.RunId, None);

        Assert.Equal(new OrchestrationStartResult(runId, Created: false), restart);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(Serialize(expected, next), Serialize(status.ReadOutput<PipelineOutput>(next.Json)!, next));
        Assert.Equal(calls, (await ReadRecordsAsync(store, runId)).Count);
        foreach (var sequence in Enumerable.Range(1, calls))
        {
            var executedOnResume = log.Count(sequence) - executedBeforeCrash.GetValueOrDefault(sequence);
            Assert.Equal(journaledBeforeCrash.Contains(sequence) ? 0 : 1, executedOnResume);
        }
    }

    [Fact]
    public async Task Concurrent_starts_give_one_run()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);

        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Client.StartNewAsync(PipelineOrchestrator.Name, Input, None))));

        Assert.Single(starts.Select(s => s.RunId).Distinct());
        Assert.Single(starts, s => s.Created);
        Assert.Single(await host.Client.ListRunsAsync(None));
    }

    [Fact]
    public async Task A_new_run_starts_once_the_active_one_is_terminal_and_runs_list_newest_first()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var first = await host.Client.StartNewAsync(PipelineOrchestrator.Name, Input, None);
        await host.Worker.RunAsync(first.RunId, None);
        clock.Advance(TimeSpan.FromMinutes(1));

        var second = await host.Client.StartNewAsync(PipelineOrchestrator.Name, Input with { Seed = 4 }, None);
        var runs = await host.Client.ListRunsAsync(None);

        Assert.True(second.Created);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal([second.RunId, first.RunId], runs.Select(r => r.Id));
        Assert.Equal([OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Completed], runs.Select(r => r.RuntimeStatus));
    }

    [Fact]
    public async Task A_second_worker_leaves_a_run_whose_lease_is_held_alone()
    {
        var (store, clock, log) = Arrange();
        var gate = new Gate();
        using var first = Host(store, clock, log, gate);
        using var second = Host(store, clock, log, gate);
        var start = await first.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Gate", "held") }, None);

        var running = first.Worker.RunAsync(start.RunId, None);
        await gate.Entered;
        var meanwhile = await second.Worker.RunAsync(start.RunId, None);
        gate.Open();
        var done = await running;

        Assert.Equal(OrchestrationRuntimeStatus.Running, meanwhile.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, log.Count(1));
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_stops_and_leaves_the_run_to_the_worker_that_took_it()
    {
        var (store, clock, log) = Arrange();
        var stalled = new StalledRenewalsBlobStore(store);
        var held = new Gate();
        using var paused = Host(stalled, clock, log, held);
        var start = await paused.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Gate", "x") }, None);
        var running = paused.Worker.RunAsync(start.RunId, None);
        await held.Entered;

        stalled.Stalled = true;
        clock.Advance(EngineHost.LeaseDuration + TimeSpan.FromSeconds(1));
        var open = new Gate();
        open.Open();
        using var next = Host(store, clock, log, open);
        var taken = await next.Worker.RunAsync(start.RunId, None);
        stalled.Stalled = false;
        clock.Advance(EngineHost.LeaseDuration);

        await Assert.ThrowsAsync<LeaseLostException>(() => running);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, taken.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await next.Client.GetStatusAsync(start.RunId, None))!.RuntimeStatus);
        Assert.Single(await ReadRecordsAsync(store, start.RunId));
    }

    [Fact]
    public async Task A_cancelled_execution_leaves_the_run_resumable_and_journaled_calls_are_not_repeated()
    {
        var (store, clock, log) = Arrange();
        var held = new Gate();
        using var first = Host(store, clock, log, held);
        var start = await first.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Double", 5), ScriptStep.Of("Gate", "x") }, None);
        using var shutdown = new CancellationTokenSource();

        var running = first.Worker.RunAsync(start.RunId, shutdown.Token);
        await held.Entered;
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var interrupted = await first.Client.GetStatusAsync(start.RunId, None);

        var open = new Gate();
        open.Open();
        using var next = Host(store, clock, log, open);
        var status = await next.Worker.RunAsync(start.RunId, None);

        Assert.Equal(OrchestrationRuntimeStatus.Running, interrupted!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(1, log.Count(1));
        Assert.Equal(2, log.Count(2));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_then_succeed()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Flaky", 2) }, None);

        var status = await clock.DriveAsync(host.Worker.RunAsync(start.RunId, None));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("ok at attempt 3", status.ReadOutput<JsonElement[]>(host.Json)![0].GetString());
        Assert.Equal(3, (await ReadRecordsAsync(store, start.RunId)).Single().Attempts);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], RetryDelays(clock));
    }

    [Fact]
    public async Task Exhausted_retries_mark_the_run_failed_at_the_step()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(
            ScriptOrchestrator.Name, new[] { ScriptStep.Of("Double", 1), ScriptStep.Of("Flaky", 10), ScriptStep.Of("Double", 2) }, None);

        var status = await clock.DriveAsync(host.Worker.RunAsync(start.RunId, None));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("Flaky", status.Failure!.Step);
        Assert.Equal(nameof(IOException), status.Failure.ErrorType);
        Assert.Contains("attempt 4 of 4", status.Failure.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], RetryDelays(clock));
        Assert.Equal(0, log.Count(3));
    }

    [Fact]
    public async Task A_permanent_failure_marks_the_run_failed_at_the_step_without_retrying()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(
            ScriptOrchestrator.Name, new[] { ScriptStep.Of("Double", 1), ScriptStep.Of("Explode", "model did not converge"), ScriptStep.Of("Double", 2) }, None);

        var status = await host.Worker.RunAsync(start.RunId, None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(new OrchestrationFailureDetails("Explode", nameof(InvalidOperationException),
            "Activity 'Explode' (call 2) failed: InvalidOperationException: model did not converge"), status.Failure);
        Assert.Equal(new OrchestrationCustomStatus("Explode", 1.0 / 3), status.CustomStatus);
        Assert.Equal([1, 1], new[] { log.Count(1), log.Count(2) });
        Assert.Equal(0, log.Count(3));
        Assert.Equal(1, (await ReadRecordsAsync(store, start.RunId)).Single(r => r.Sequence == 2).Attempts);
    }

    [Fact]
    public async Task An_unregistered_activity_fails_the_run_with_a_clear_message()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var start = await host.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Publish", 1) }, None);

        var status = await host.Worker.RunAsync(start.RunId, None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("Publish", status.Failure!.Step);
        Assert.Contains("No activity named 'Publish' is registered", status.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_orchestrator_code_under_a_journaled_run_is_detected_as_non_determinism()
    {
        var (store, clock, log) = Arrange();
        string runId;
        using (var dying = Host(DyingBlobStore.AfterJournalRecords(store, records: 1), clock, log, version: new DeployedVersion(["Double", "Double"])))
        {
            runId = (await dying.Client.StartNewAsync(VersionedOrchestrator.Name, 5, None)).RunId;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => dying.Worker.RunAsync(runId, None));
        }

        clock.Advance(EngineHost.LeaseDuration + TimeSpan.FromSeconds(1));
        using var redeployed = Host(store, clock, log, version: new DeployedVersion(["Square", "Double"]));
        var status = await redeployed.Worker.RunAsync(runId, None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("Square", status.Failure!.Step);
        Assert.Equal(nameof(NonDeterministicOrchestrationException), status.Failure.ErrorType);
        Assert.Contains("call 1 is 'Square' but the journal recorded 'Double'", status.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, log.Count(1));
        Assert.Equal(0, log.Count(2));
    }

    [Fact]
    public async Task A_large_result_spills_to_a_result_blob_and_replays_from_it()
    {
        const int length = 300 * 1024;
        var (store, clock, log) = Arrange();
        string runId;
        using (var dying = Host(DyingBlobStore.AfterJournalRecords(store, records: 1), clock, log))
        {
            runId = (await dying.Client.StartNewAsync(ScriptOrchestrator.Name, new[] { ScriptStep.Of("Big", length), ScriptStep.Of("Double", 4) }, None)).RunId;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => dying.Worker.RunAsync(runId, None));
        }

        clock.Advance(EngineHost.LeaseDuration + TimeSpan.FromSeconds(1));
        using var next = Host(store, clock, log);
        var status = await next.Worker.RunAsync(runId, None);

        var big = (await ReadRecordsAsync(store, runId)).Single(r => r.Name == "Big");
        Assert.Null(big.Result);
        Assert.StartsWith($"{Container}/{runId}/results/", big.ResultBlob, StringComparison.Ordinal);
        Assert.True((await store.GetPropertiesAsync(big.ResultBlob!, None))!.Length > 256 * 1024);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var output = status.ReadOutput<JsonElement[]>(next.Json)!;
        Assert.Equal(length, output[0].GetString()!.Length);
        Assert.Equal("abc", output[0].GetString()![..3]);
        Assert.Equal(8, output[1].GetInt32());
        Assert.Equal(1, log.Count(1));
    }

    [Fact]
    public async Task Starting_an_unknown_orchestration_is_refused()
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartNewAsync("Retrain", null, None));

        Assert.Contains("No orchestrator named 'Retrain'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Client.ListRunsAsync(None));
    }

    private (IBlobStore Store, ManualClock Clock, SideEffectLog Log) Arrange()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        return (CreateStore(clock), clock, new SideEffectLog());
    }

    private async Task<PipelineOutput> UninterruptedPipelineOutputAsync(PipelineInput input)
    {
        var (store, clock, log) = Arrange();
        using var host = Host(store, clock, log);
        var status = await host.Worker.StartOrResumeAsync(PipelineOrchestrator.Name, input, None);
        return status.ReadOutput<PipelineOutput>(host.Json)!;
    }

    private static string Serialize(PipelineOutput output, EngineHost host) => JsonSerializer.Serialize(output, host.Json);

    private static TimeSpan[] RetryDelays(ManualClock clock) =>
        [.. clock.RequestedDelays.Where(d => d != EngineHost.LeaseDuration / 3)];

    private EngineHost Host(IBlobStore store, ManualClock clock, SideEffectLog log, Gate? gate = null, DeployedVersion? version = null) =>
        new(Container, store, clock, log, gate, version);

    private async Task<List<ActivityRecord>> ReadRecordsAsync(IBlobStore store, string runId)
    {
        var records = new List<ActivityRecord>();
        await foreach (var blob in store.ListAsync(_layout.History(runId), None))
        {
            await using var download = await store.OpenReadAsync(blob.Path, None);
            records.Add((await JsonSerializer.DeserializeAsync(download!.Content, OrchestrationJsonContext.Default.ActivityRecord))!);
        }

        return records;
    }
}
