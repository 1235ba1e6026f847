using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Telemetry;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Handler.Tests.Infrastructure;

/// <summary>
/// The handler in memory, as the Functions host would call it. The featurizer, the dead-letter sink and the feature
/// store are test doubles (handler tests are about decoding and answering), unless <see cref="UseComposedServices"/>
/// is set: then the services that <c>AddSegmentStorage</c> and <c>AddSegmentIngestion</c> register from configuration
/// are used (embedded SQLite and folders under a fresh <c>SEGMENT_DATA_DIR</c>) and tests that only go through HTTP
/// and <see cref="FeatureStore"/> run unchanged against them.
/// </summary>
public class HandlerFactory : WebApplicationFactory<Program>
{
    public const string ConfiguredEventHubName = "configured-hub";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "segment-handler-tests", Guid.NewGuid().ToString("N"));

    public RecordingEventBatchProcessor Processor { get; } = new();
    public RecordingDeadLetterSink DeadLetters { get; } = new();
    public InMemoryFeatureStore InMemoryStore { get; } = new();

    protected virtual bool UseComposedServices => false;

    /// <summary>The store the handler reads; tests seed through it, never through a concrete type.</summary>
    /// <summary>Telemetry exporter of the hosted handler; none by default, so test output stays readable.</summary>
    public string TelemetryExporterSetting { get; init; } = "None";

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
        builder.UseSetting(TelemetryServiceCollectionExtensions.ExporterSetting, TelemetryExporterSetting);
        if (UseComposedServices)
        {
            return;
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IEventBatchProcessor>(Processor);
            services.AddSingleton<IDeadLetterSink>(DeadLetters);
            services.AddSingleton<IFeatureStore>(InMemoryStore);
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
