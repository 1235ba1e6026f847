using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Telemetry;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The HTTP functions in memory, served as <c>segment serve</c> serves them (a TestServer instead of Kestrel). The
/// featurizer, the dead-letter sink and the feature store are test doubles, unless <see cref="UseComposedServices"/>
/// is set: then the services the function app composes from configuration are used (embedded SQLite and folders
/// under a fresh <c>SEGMENT_DATA_DIR</c>) and tests that only go through HTTP and <see cref="FeatureStore"/> run
/// unchanged against them.
/// </summary>
public class FunctionAppFactory : IAsyncDisposable, IDisposable
{
    public const string ConfiguredEventHubName = "configured-hub";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "segment-function-tests", Guid.NewGuid().ToString("N"));
    private readonly Lazy<WebApplication> _app;

    public FunctionAppFactory()
    {
        _app = new Lazy<WebApplication>(Start);
    }

    public RecordingEventBatchProcessor Processor { get; } = new();
    public RecordingDeadLetterSink DeadLetters { get; } = new();
    public InMemoryFeatureStore InMemoryStore { get; } = new();

    /// <summary>Telemetry exporter of the served app; none by default, so test output stays readable.</summary>
    public string TelemetryExporterSetting { get; init; } = "None";

    /// <summary>More settings of the served app, applied last.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public IServiceProvider Services => _app.Value.Services;

    /// <summary>The store the functions read; tests seed through it, never through a concrete type.</summary>
    public IFeatureStore FeatureStore => Services.GetRequiredService<IFeatureStore>();

    protected virtual bool UseComposedServices => false;

    public HttpClient CreateClient() => _app.Value.GetTestClient();

    public TestServer Server => (TestServer)Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();

    public void Reset()
    {
        Processor.Reset();
        DeadLetters.Reset();
        InMemoryStore.FailWith = null;
    }

    public async ValueTask DisposeAsync()
    {
        OnStopping();
        if (_app.IsValueCreated)
        {
            await _app.Value.StopAsync();
            await _app.Value.DisposeAsync();
        }

        DeleteDataDirectory();
        GC.SuppressFinalize(this);
    }

    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Called before the served app stops: release what a test holds, so the app can stop.</summary>
    protected virtual void OnStopping()
    {
    }

    /// <summary>Settings of the served app, before it composes its services.</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
        settings["EventHubName"] = ConfiguredEventHubName;
        settings["SEGMENT_DATA_DIR"] = _dataDirectory;
        settings[TelemetryServiceCollectionExtensions.ExporterSetting] = TelemetryExporterSetting;
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
    }

    /// <summary>Services that replace the composed ones.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
        if (UseComposedServices)
        {
            return;
        }

        services.AddSingleton<IEventBatchProcessor>(Processor);
        services.AddSingleton<IDeadLetterSink>(DeadLetters);
        services.AddSingleton<IFeatureStore>(InMemoryStore);
    }

    private WebApplication Start()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        AddSettings(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var app = LocalFunctionServer.Build(configuration, LocalFunctionServer.DefaultPort, builder =>
        {
            builder.WebHost.UseTestServer();
            ConfigureServices(builder.Services);
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private void DeleteDataDirectory()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
