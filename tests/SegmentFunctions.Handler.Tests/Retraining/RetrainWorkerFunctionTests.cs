using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>POST /RetrainWorker: the retrain-runs queue trigger's invocations, answered with the host's retry semantics.</summary>
public sealed class RetrainWorkerFunctionTests : IDisposable
{
    private readonly RetrainHandlerFactory _factory = new();
    private readonly HttpClient _client;

    public RetrainWorkerFunctionTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task A_queued_run_is_run_to_completion_and_the_invocation_succeeds()
    {
        var runId = await StartAsync();

        using var response = await DeliverAsync(new RetrainRunMessage(runId).ToJson());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Contains($"Run {runId} Completed", body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await StatusAsync(runId)).RuntimeStatus);
    }

    [Fact]
    public async Task A_redelivered_message_of_a_finished_run_succeeds_without_running_anything_again()
    {
        var runId = await StartAsync();
        using (await DeliverAsync(new RetrainRunMessage(runId).ToJson()))
        {
        }

        using var again = await DeliverAsync(new RetrainRunMessage(runId).ToJson(), dequeueCount: 2);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, _factory.Steps.Executions(TestRetrainOrchestrator.PrepareStep));
        Assert.Equal(1, _factory.Steps.Executions(TestRetrainOrchestrator.TrainStep));
    }

    [Fact]
    public async Task A_run_interrupted_mid_step_fails_the_delivery_and_resumes_from_its_journal_on_the_next()
    {
        var runId = await StartAsync();
        _factory.Steps.HoldTrainUntilCancelled = true;
        var worker = _factory.Services.GetRequiredService<RetrainRunProcessor>();
        using (var stopping = new CancellationTokenSource())
        {
            var interrupted = worker.ProcessAsync(new RetrainRunMessage(runId).ToJson(), stopping.Token);
            await _factory.Steps.TrainHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await stopping.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await StatusAsync(runId)).RuntimeStatus);
        _factory.Steps.HoldTrainUntilCancelled = false;

        using var redelivered = await DeliverAsync(new RetrainRunMessage(runId).ToJson(), dequeueCount: 2);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await StatusAsync(runId)).RuntimeStatus);
        Assert.Equal(1, _factory.Steps.Executions(TestRetrainOrchestrator.PrepareStep));
        Assert.Equal(2, _factory.Steps.Executions(TestRetrainOrchestrator.TrainStep));
    }

    [Fact]
    public async Task A_delivery_while_another_worker_holds_the_runs_lease_is_dropped_as_a_duplicate()
    {
        var runId = await StartAsync();
        var blobs = _factory.Services.GetRequiredService<IBlobStore>();
        await using var otherWorker = await blobs.TryAcquireLeaseAsync($"runs/{RetrainOrchestration.Name}.lock", TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.NotNull(otherWorker);

        using var response = await DeliverAsync(new RetrainRunMessage(runId).ToJson(), dequeueCount: 2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("this delivery is a duplicate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await StatusAsync(runId)).RuntimeStatus);
        Assert.Equal(0, _factory.Steps.Executions(TestRetrainOrchestrator.PrepareStep));
    }

    [Fact]
    public async Task A_failed_run_is_a_finished_message()
    {
        _factory.Steps.TrainFailsWith = new InvalidOperationException("degenerate segments");
        var runId = await StartAsync();

        using var response = await DeliverAsync(new RetrainRunMessage(runId).ToJson());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Run {runId} Failed at step TestTrain: ", log, StringComparison.Ordinal);
        Assert.Contains("degenerate segments", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aaaaa")]
    [InlineData("{\"runId\":\"20261122T030000000Z-000000000000\"}")]
    public async Task Messages_naming_no_existing_run_fail_the_delivery_so_they_end_in_the_poison_queue(string message)
    {
        using var response = await DeliverAsync(message);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task The_reference_queue_payload_is_decoded_and_its_message_refused()
    {
        using var response = await _client.PostAsync("/RetrainWorker", HostPayloads.Content(InvocationPayloads.ReferenceQueue));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("'aaaaa' is not a run id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_envelope_fails_the_delivery()
    {
        using var response = await _client.PostAsync("/RetrainWorker", HostPayloads.Content("{\"Data\":"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<string> StartAsync() =>
        (await _factory.Services.GetRequiredService<RetrainStarter>().StartAsync("queue-test", CancellationToken.None)).RunId;

    private Task<HttpResponseMessage> DeliverAsync(string messageText, int dequeueCount = 1) =>
        _client.PostAsync("/RetrainWorker", HostPayloads.Content(InvocationPayloads.Queue(messageText, dequeueCount)));

    private async Task<OrchestrationStatus> StatusAsync(string runId) =>
        (await _factory.Orchestrations.GetStatusAsync(runId, CancellationToken.None))!;
}
