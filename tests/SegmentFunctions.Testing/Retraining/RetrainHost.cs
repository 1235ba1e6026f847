using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.DurableTask;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// One process's retraining as the CLI composes it (<see cref="LocalDurableTaskServiceCollectionExtensions.AddLocalDurableTask"/>:
/// the Durable Task SDK worker and client over the in-process sidecar, in memory) over the given stores, with small
/// model settings (few segments, one restart) so that a run takes seconds.
/// </summary>
public sealed class RetrainHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RetrainHost(
        IBlobStore blobs, IFeatureStore features, TimeProvider clock, RetrainContainers containers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var values = new Dictionary<string, string?>
        {
            ["Retraining:RunsContainer"] = containers.Runs,
            ["Retraining:Retry:MaxNumberOfAttempts"] = "2",
            ["Retraining:Retry:FirstRetryInterval"] = "00:00:01",
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
        services.AddLocalDurableTask(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public ModelRegistry Registry => _services.GetRequiredService<ModelRegistry>();

    public RetrainRuns Runs => _services.GetRequiredService<RetrainRuns>();

    public RetrainRunStore Records => _services.GetRequiredService<RetrainRunStore>();

    public LocalDurableTaskHost Durable => _services.GetRequiredService<LocalDurableTaskHost>();

    /// <summary>Starts a run (or finds the active one) on this host's worker.</summary>
    public async Task<RetrainStart> StartAsync(RetrainRequest request, CancellationToken cancellationToken)
    {
        await Durable.StartAsync(cancellationToken);
        return await Runs.StartAsync(Durable.Client, request, cancellationToken);
    }

    public Task<RetrainRunStatus> WaitAsync(string runId, CancellationToken cancellationToken) =>
        Runs.WaitForCompletionAsync(Durable.Client, runId, progress: null, cancellationToken);

    /// <summary>Starts (or joins) the active run and waits for its end.</summary>
    public async Task<RetrainRunStatus> RetrainAsync(RetrainRequest request, CancellationToken cancellationToken)
    {
        var start = await StartAsync(request, cancellationToken);
        return await WaitAsync(start.RunId, cancellationToken);
    }

    /// <summary>The output of a completed run; a run that did not complete fails the test with its failure.</summary>
    public static RetrainResult Result(RetrainRunStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.ReadResult()
            ?? throw new Xunit.Sdk.XunitException($"Run {status.Id} is {status.RuntimeStatus}: {status.Failure?.Step}: {status.Failure?.Message}");
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
