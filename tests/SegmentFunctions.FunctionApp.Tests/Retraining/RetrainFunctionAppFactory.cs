using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// The function app served as `segment serve` serves it, with its retraining on the local Durable Task host over the
/// embedded storage under the factory's fresh SEGMENT_DATA_DIR, and <see cref="TestRetrainOrchestrator"/> registered
/// under the retraining orchestration's name in place of the real workflow.
/// </summary>
public class RetrainFunctionAppFactory : FunctionAppFactory
{
    public TestRetrainSteps Steps { get; } = new();

    /// <summary>Retraining:* settings (e.g. MinInterval).</summary>
    public IReadOnlyDictionary<string, string> RetrainingSettings { get; init; } = new Dictionary<string, string>();

    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    public RetrainRuns Runs => Services.GetRequiredService<RetrainRuns>();

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public Task<IReadOnlyList<RetrainRunStatus>> ListRunsAsync() => Runs.ListAsync(Client, CancellationToken.None);

    public Task<RetrainRunStatus?> StatusAsync(string runId) => Runs.GetStatusAsync(Client, runId, CancellationToken.None);

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        base.AddSettings(settings);
        settings["Retraining:Retry:MaxNumberOfAttempts"] = "1";
        foreach (var (key, value) in RetrainingSettings)
        {
            settings[$"Retraining:{key}"] = value;
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);

        // The tasks the app registers are replaced as a whole: the test workflow takes the name the triggers start.
        services.RemoveAll<IConfigureOptions<DurableTaskRegistry>>();
        services.AddSingleton(Steps);
        services.Configure<DurableTaskRegistry>(Options.DefaultName, registry =>
        {
            registry.AddOrchestrator<TestRetrainOrchestrator>();
            registry.AddActivity<TestPrepareActivity>();
            registry.AddActivity<TestTrainActivity>();
        });
    }

    protected override void OnStopping() => Steps.ReleaseTrain();
}
