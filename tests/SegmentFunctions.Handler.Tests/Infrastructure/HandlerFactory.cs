using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Handler.Tests.Infrastructure;

/// <summary>
/// The handler in memory, as the Functions host would call it. The featurizer and the dead-letter sink are recording
/// doubles (handler tests are about decoding and answering). The feature store is an in-memory one unless
/// <see cref="UseConfiguredFeatureStore"/> is set: then the store that <c>AddSegmentStorage</c> registers from
/// configuration is used (embedded SQLite under a fresh <c>SEGMENT_DATA_DIR</c>) and the same tests run against it.
/// </summary>
public class HandlerFactory : WebApplicationFactory<Program>
{
    public const string ConfiguredEventHubName = "customer-events";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "segment-handler-tests", Guid.NewGuid().ToString("N"));

    public RecordingEventBatchProcessor Processor { get; } = new();
    public RecordingDeadLetterSink DeadLetters { get; } = new();
    public InMemoryFeatureStore InMemoryStore { get; } = new();

    protected virtual bool UseConfiguredFeatureStore => false;

    /// <summary>The store the handler reads; tests seed through it, never through a concrete type.</summary>
    public IFeatureStore FeatureStore => Services.GetRequiredService<IFeatureStore>();

    public void Reset()
    {
        Processor.Reset();
        DeadLetters.Reset();
        InMemoryStore.FailWith = null;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("EventHubName", ConfiguredEventHubName);
        builder.UseSetting("SEGMENT_DATA_DIR", _dataDirectory);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IEventBatchProcessor>(Processor);
            services.AddSingleton<IDeadLetterSink>(DeadLetters);
            if (!UseConfiguredFeatureStore)
            {
                services.AddSingleton<IFeatureStore>(InMemoryStore);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
