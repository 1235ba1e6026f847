using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>One worker process: the engine composed as production composes it, over a given store and clock.</summary>
public sealed class EngineHost : IDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _services;

    public EngineHost(string container, IBlobStore store, ManualClock clock, SideEffectLog log, Gate? gate = null, DeployedVersion? version = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orchestration:Container"] = container,
                ["Orchestration:LeaseDuration"] = "00:00:30",
                ["Orchestration:Retry:MaxNumberOfAttempts"] = "4",
                ["Orchestration:Retry:FirstRetryInterval"] = "00:00:01",
                ["Orchestration:Retry:BackoffCoefficient"] = "2",
                ["Orchestration:Retry:MaxRetryInterval"] = "00:00:05",
            })
            .Build();

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(store)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(log)
            .AddSingleton(gate ?? new Gate())
            .AddSingleton(version ?? new DeployedVersion(["Double"]));
        services.AddSegmentOrchestration(configuration)
            .AddOrchestrator<PipelineOrchestrator, PipelineInput, PipelineOutput>(PipelineOrchestrator.Name)
            .AddOrchestrator<ScriptOrchestrator, ScriptStep[], System.Text.Json.JsonElement[]>(ScriptOrchestrator.Name)
            .AddOrchestrator<VersionedOrchestrator, int, int>(VersionedOrchestrator.Name)
            .AddActivity<DoubleActivity, int, int>("Double")
            .AddActivity<SquareActivity, int, int>("Square")
            .AddActivity<SumActivity, int[], int>("Sum")
            .AddActivity<FlakyActivity, int, string>("Flaky")
            .AddActivity<ExplodeActivity, string, int>("Explode")
            .AddActivity<BigActivity, int, string>("Big")
            .AddActivity<GateActivity, string, string>("Gate");
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public OrchestrationClient Client => _services.GetRequiredService<OrchestrationClient>();

    public OrchestrationWorker Worker => _services.GetRequiredService<OrchestrationWorker>();

    public System.Text.Json.JsonSerializerOptions Json => _services.GetRequiredService<OrchestrationRegistry>().Serializer.Options;

    public void Dispose() => _services.Dispose();
}
