using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Retraining;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// The Durable Functions wrappers of the retraining workflow, run as Durable Functions runs them but on the local
/// Durable Task worker: the <c>[OrchestrationTrigger]</c> function on a real orchestration context, every
/// <c>[ActivityTrigger]</c> function with its input, instance id and a FunctionContext. A run over a small shop
/// completes and publishes through nothing but the wrappers.
/// </summary>
public sealed class RetrainFunctionsTests
{
    private static readonly MethodInfo[] ActivityFunctions = typeof(RetrainActivityFunctions).GetMethods()
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToArray();

    [Fact]
    public void Every_activity_of_the_workflow_has_a_function_of_its_name()
    {
        var activities = RetrainTasks.Activities.Select(a => a.GetCustomAttribute<DurableTaskAttribute>()!.Name.Name).Order();

        Assert.Equal(activities, ActivityFunctions.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order());
    }

    [Fact]
    public async Task A_run_through_the_function_wrappers_publishes_a_model()
    {
        await using var factory = new WrappedRetrainFactory();
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T2))
        {
            await factory.FeatureStore.WriteAsync(document, null, CancellationToken.None);
        }

        var runs = factory.Services.GetRequiredService<RetrainRuns>();
        var client = factory.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        var start = await runs.StartAsync(client, new RetrainRequest("test", RetrainShop.T2), CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var status = await runs.WaitForCompletionAsync(client, start.RunId, null, deadline.Token);

        Assert.True(status.RuntimeStatus == RetrainRuntimeStatus.Completed, status.Failure?.Message);
        Assert.Equal("Published", status.Output!.Value.GetProperty("outcome").GetString());
        Assert.True(factory.Wrapped.Count >= 10, $"{factory.Wrapped.Count} activity functions ran.");
    }

    /// <summary>The app with the workflow registered through its function wrappers instead of its classes.</summary>
    private sealed class WrappedRetrainFactory : SmallModelFunctionAppFactory
    {
        public HashSet<string> Wrapped { get; } = [];

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.RemoveAll<IConfigureOptions<DurableTaskRegistry>>();
            services.AddOptions<DurableTaskRegistry>(Options.DefaultName).Configure<IServiceProvider>((registry, provider) =>
            {
                registry.AddOrchestratorFunc<RetrainRequest, RetrainResult>(
                    RetrainOrchestration.Name,
                    (context, _) => ActivatorUtilities.CreateInstance<RetrainOrchestratorFunction>(provider).RunAsync(context));
                foreach (var method in ActivityFunctions)
                {
                    var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
                    registry.AddActivity(name, _ =>
                    {
                        lock (Wrapped)
                        {
                            Wrapped.Add(name);
                        }

                        return new FunctionWrapperActivity(new RetrainActivityFunctions(), method, provider);
                    });
                }
            });
        }
    }
}
