using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>POST /RetrainSchedule: the timer trigger's ticks start a run unless a run is active or the model is fresh.</summary>
public sealed class RetrainScheduleTests
{
    [Fact]
    public async Task A_tick_without_any_model_starts_a_scheduled_run()
    {
        using var factory = new RetrainHandlerFactory();
        using var client = factory.CreateClient();

        var log = await TickAsync(client, InvocationPayloads.ReferenceTimer);

        Assert.StartsWith("RetrainSchedule: started run ", log, StringComparison.Ordinal);
        var run = Assert.Single(await factory.ListRunsAsync());
        Assert.Equal(RetrainScheduler.Trigger, run.ReadRequest()!.Trigger);
        Assert.Equal(RetrainRuntimeStatus.Completed, (await factory.Runs.WaitForCompletionAsync(factory.Client, run.Id, null, CancellationToken.None)).RuntimeStatus);
    }

    [Fact]
    public async Task A_tick_while_a_run_is_active_starts_no_other()
    {
        using var factory = new RetrainHandlerFactory();
        factory.Steps.HoldTrain = true;
        using var client = factory.CreateClient();
        var active = (await factory.Services.GetRequiredService<RetrainStarter>().StartAsync("http", CancellationToken.None)).RunId;

        var log = await TickAsync(client, InvocationPayloads.Timer(isPastDue: true));

        Assert.Equal($"RetrainSchedule: skipped: run {active} is active", log);
        Assert.Single(await factory.ListRunsAsync());
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
        Assert.Empty(await factory.ListRunsAsync());
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
        Assert.Empty(await factory.ListRunsAsync());
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
