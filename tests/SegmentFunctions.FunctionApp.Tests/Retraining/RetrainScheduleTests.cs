using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// The RetrainSchedule timer, invoked directly as the worker invokes it (a TimerInfo, the Durable client): a tick
/// starts a run unless a run is active or the newest model is fresh.
/// </summary>
public sealed class RetrainScheduleTests
{
    [Fact]
    public async Task A_tick_without_any_model_starts_a_scheduled_run()
    {
        await using var factory = new RetrainFunctionAppFactory();

        await TickAsync(factory, new TimerInfo());

        var run = Assert.Single(await factory.ListRunsAsync());
        Assert.Equal(RetrainScheduler.Trigger, run.ReadRequest()!.Trigger);
        Assert.Equal(RetrainRuntimeStatus.Completed, (await factory.Runs.WaitForCompletionAsync(factory.Client, run.Id, null, CancellationToken.None)).RuntimeStatus);
    }

    [Fact]
    public async Task A_past_due_tick_while_a_run_is_active_starts_no_other()
    {
        await using var factory = new RetrainFunctionAppFactory();
        factory.Steps.HoldTrain = true;
        var active = (await factory.Runs.StartAsync(factory.Client, new Application.Retraining.RetrainRequest("http"), CancellationToken.None)).RunId;

        await TickAsync(factory, new TimerInfo { IsPastDue = true, ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow.AddDays(-2) } });

        Assert.Equal(active, Assert.Single(await factory.ListRunsAsync()).Id);
    }

    [Fact]
    public async Task A_tick_within_min_interval_of_the_newest_model_is_skipped()
    {
        await using var factory = new RetrainFunctionAppFactory { RetrainingSettings = new Dictionary<string, string> { ["MinInterval"] = "06:00:00" } };
        await PublishAsync(factory.Registry);

        await TickAsync(factory, new TimerInfo());

        Assert.Empty(await factory.ListRunsAsync());
    }

    [Fact]
    public async Task A_tick_after_min_interval_retrains_even_though_a_model_exists()
    {
        await using var factory = new RetrainFunctionAppFactory { RetrainingSettings = new Dictionary<string, string> { ["MinInterval"] = "00:00:00" } };
        await PublishAsync(factory.Registry);

        await TickAsync(factory, new TimerInfo());

        Assert.Single(await factory.ListRunsAsync());
    }

    private static Task TickAsync(RetrainFunctionAppFactory factory, TimerInfo timer) =>
        ActivatorUtilities.CreateInstance<RetrainScheduleFunction>(factory.Services).RunAsync(timer, factory.Client, CancellationToken.None);

    /// <summary>Freshness looks at publication only, so the bundle's bytes do not matter here.</summary>
    private static async Task<string> PublishAsync(ModelRegistry registry)
    {
        var version = ModelVersionId.New(DateTimeOffset.UtcNow);
        await registry.PublishAsync(version, new MemoryStream([1, 2, 3]), new JsonObject { ["auc"] = 0.7 }, CancellationToken.None);
        return version;
    }
}
