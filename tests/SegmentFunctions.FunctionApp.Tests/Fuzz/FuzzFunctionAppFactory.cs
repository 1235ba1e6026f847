using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Fuzz;

/// <summary>
/// The function app with its real decoder, poison-batch guard and featurizer, on an in-memory store behind
/// <see cref="FaultyFeatureStore"/> and a recording dead-letter sink.
/// </summary>
public sealed class FuzzFunctionAppFactory : FunctionAppFactory
{
    public FuzzFunctionAppFactory(int seed)
    {
        Faults = new FaultyFeatureStore(InMemoryStore, seed);
        Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:SegmentFunctions"] = "Critical" };
    }

    public FaultyFeatureStore Faults { get; }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IDeadLetterSink>(DeadLetters);
        services.AddSingleton<IFeatureStore>(Faults);
    }
}
