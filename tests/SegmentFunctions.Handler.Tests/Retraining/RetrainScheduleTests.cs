using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>POST /RetrainSchedule: the timer trigger's ticks start a run unless a run is active or the model is fresh.</summary>
public sealed class RetrainScheduleTests
{
    [Fact]
    public async Task A_tick_without_any_model_starts_a_scheduled_run_and_queues_it()
    {
        using var factory = new RetrainHandlerFactory();
        using var client = factory.CreateClient();

        var log = await TickAsync(client, InvocationPayloads.ReferenceTimer);

        Assert.StartsWith("RetrainSchedule: started run ", log, StringComparison.Ordinal);
        var run = Assert.Single(await factory.Orchestrations.ListRunsAsync(CancellationToken.None));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, run.RuntimeStatus);
        Assert.Equal(RetrainScheduler.Trigger, run.Input!.Value.GetProperty("trigger").GetString());
        var queued = await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(run.Id, RetrainRunMessage.TryReadRunId(queued!.Body, out _));
    }

    [Fact]
    public async Task A_tick_while_a_run_is_active_starts_no_other_and_queues_the_active_one_again()
    {
        using var factory = new RetrainHandlerFactory();
        using var client = factory.CreateClient();
        var active = (await factory.Services.GetRequiredService<RetrainStarter>().StartAsync("http", CancellationToken.None)).RunId;
        await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        var log = await TickAsync(client, InvocationPayloads.Timer(isPastDue: true));

        Assert.Equal($"RetrainSchedule: skipped: run {active} is active (queued again to resume it if it stalled)", log);
        Assert.Single(await factory.Orchestrations.ListRunsAsync(CancellationToken.None));
        var queued = await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(active, RetrainRunMessage.TryReadRunId(queued!.Body, out _));
    }

    [Fact]
    public async Task A_tick_within_min_interval_of_the_newest_model_is_skipped()
    {
        using var factory = new RetrainHandlerFactory { RetrainingSettings = new Dictionary<string, string> { ["MinInterval"] = "06:00:00" } };
        using var client = factory.CreateClient();
        var version = await PublishAsync(factory.Registry);

        var log = await TickAsync(client, InvocationPayloads.Timer());

        Assert.StartsWith($"RetrainSchedule: skipped: model {version} was published at ", log, StringComparison.Ordinal);
        Assert.Contains("Retraining:MinInterval (06:00:00)", log, StringComparison.Ordinal);
        Assert.Empty(await factory.Orchestrations.ListRunsAsync(CancellationToken.None));
        Assert.Null(await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_tick_after_min_interval_retrains_even_though_a_model_exists()
    {
        using var factory = new RetrainHandlerFactory { RetrainingSettings = new Dictionary<string, string> { ["MinInterval"] = "00:00:00" } };
        using var client = factory.CreateClient();
        await PublishAsync(factory.Registry);

        var log = await TickAsync(client, InvocationPayloads.Timer());

        Assert.StartsWith("RetrainSchedule: started run ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_tick_does_nothing_and_succeeds()
    {
        using var factory = new RetrainHandlerFactory();
        using var client = factory.CreateClient();

        var log = await TickAsync(client, """{"Data":{"timer":"[]"}}""");

        Assert.StartsWith("RetrainSchedule: malformed invocation payload ignored", log, StringComparison.Ordinal);
        Assert.Empty(await factory.Orchestrations.ListRunsAsync(CancellationToken.None));
    }

    private static async Task<string> TickAsync(HttpClient client, string payload)
    {
        using var response = await client.PostAsync("/RetrainSchedule", HostPayloads.Content(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        return body.RootElement.GetProperty("Logs")[0].GetString()!;
    }

    /// <summary>Freshness looks at publication only, so the bundle's bytes do not matter here.</summary>
    private static async Task<string> PublishAsync(ModelRegistry registry)
    {
        var version = ModelVersionId.New(DateTimeOffset.UtcNow);
        await registry.PublishAsync(version, new MemoryStream([1, 2, 3]), new JsonObject { ["auc"] = 0.7 }, CancellationToken.None);
        return version;
    }
}
