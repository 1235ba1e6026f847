using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// One worker process composed with <see cref="RetrainingServiceCollectionExtensions.AddSegmentRetraining"/> over the
/// given stores, with small model settings (few segments, one restart) so that a run takes seconds.
/// </summary>
public sealed class RetrainHost : IDisposable
{
    private readonly ServiceProvider _services;

    public RetrainHost(
        IBlobStore blobs, IFeatureStore features, TimeProvider clock, RetrainContainers containers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var values = new Dictionary<string, string?>
        {
            ["Orchestration:Container"] = containers.Runs,
            ["Orchestration:LeaseDuration"] = "00:00:15",
            ["Orchestration:Retry:MaxNumberOfAttempts"] = "2",
            ["Orchestration:Retry:FirstRetryInterval"] = "00:00:01",
            ["Snapshots:Container"] = containers.Snapshots,
            ["ModelRegistry:Container"] = containers.Models,
            ["BatchScoring:Container"] = containers.Scores,
            ["Retraining:ChurnHorizonDays"] = RetrainShop.HorizonDays.ToString(CultureInfo.InvariantCulture),
            ["Retraining:CutoffTolerance"] = "7.00:00:00",
            ["Retraining:Training:MaxComponents"] = "4",
            ["Retraining:Training:Restarts"] = "1",
            ["Retraining:Training:Seed"] = "11",
            ["Retraining:Training:Churn:NumberOfTrees"] = "30",
            ["PromotionGate:MinSegmentCustomers"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(blobs)
            .AddSingleton(features)
            .AddSingleton(clock);
        services.AddSegmentRetraining(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public OrchestrationClient Client => _services.GetRequiredService<OrchestrationClient>();

    public OrchestrationWorker Worker => _services.GetRequiredService<OrchestrationWorker>();

    public ModelRegistry Registry => _services.GetRequiredService<ModelRegistry>();

    public JsonSerializerOptions Json => _services.GetRequiredService<OrchestrationRegistry>().Serializer.Options;

    /// <summary>Starts (or joins) the active run and executes it to its end.</summary>
    public async Task<OrchestrationStatus> RetrainAsync(RetrainRequest request, CancellationToken cancellationToken)
    {
        var start = await Client.StartNewAsync(RetrainOrchestration.Name, request, cancellationToken);
        return await Worker.RunAsync(start.RunId, cancellationToken);
    }

    /// <summary>The output of a completed run; a run that did not complete fails the test with its failure.</summary>
    public RetrainResult Result(OrchestrationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.ReadOutput<RetrainResult>(Json)
            ?? throw new Xunit.Sdk.XunitException($"Run {status.Id} is {status.RuntimeStatus}: {status.Failure?.Step}: {status.Failure?.Message}");
    }

    public void Dispose() => _services.Dispose();
}
