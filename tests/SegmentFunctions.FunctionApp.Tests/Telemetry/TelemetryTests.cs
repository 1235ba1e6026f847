using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Telemetry;

namespace SegmentFunctions.FunctionApp.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Theory]
    [InlineData(null, null, "Console")]
    [InlineData(null, "InstrumentationKey=00000000-0000-0000-0000-000000000000", "ApplicationInsights")]
    [InlineData("Auto", null, "Console")]
    [InlineData("auto", "InstrumentationKey=00000000-0000-0000-0000-000000000000", "ApplicationInsights")]
    [InlineData("none", "InstrumentationKey=00000000-0000-0000-0000-000000000000", "None")]
    [InlineData("Console", "InstrumentationKey=00000000-0000-0000-0000-000000000000", "Console")]
    public void Application_Insights_is_chosen_when_its_connection_string_is_set_unless_the_setting_says_otherwise(
        string? exporter, string? connectionString, string expected)
    {
        var configuration = Configuration(exporter, connectionString);

        Assert.Equal(expected, TelemetryServiceCollectionExtensions.Resolve(configuration).ToString());
    }

    [Fact]
    public void An_unknown_exporter_setting_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetryServiceCollectionExtensions.Resolve(Configuration("zipkin", null)));

        Assert.Contains("Telemetry__Exporter is 'zipkin'", error.Message);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555", typeof(ManagedIdentityCredential))]
    [InlineData("Authorization=AAD", typeof(DefaultAzureCredential))]
    [InlineData("Authorization=Other", null)]
    [InlineData("", null)]
    public void The_authentication_string_selects_the_identity_for_ingestion(string authentication, Type? expected)
    {
        var credential = TelemetryServiceCollectionExtensions.Credential(authentication);

        Assert.Equal(expected, credential?.GetType());
    }

    [Theory]
    [InlineData("Console")]
    [InlineData("ApplicationInsights")]
    public async Task The_function_app_starts_with_tracing_and_metrics_for_each_exporter(string exporter)
    {
        await using var factory = new ComposedFunctionAppFactory
        {
            TelemetryExporterSetting = exporter,
            Settings = new Dictionary<string, string?>
            {
                [TelemetryServiceCollectionExtensions.ConnectionStringSetting] =
                    "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            },
        };
        using var client = factory.CreateClient();

        var ready = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.True(ready.IsSuccessStatusCode);
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
        Assert.NotNull(factory.Services.GetService<MeterProvider>());
    }

    private static IConfiguration Configuration(string? exporter, string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ExporterSetting] = exporter,
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = connectionString,
        }).Build();
}
