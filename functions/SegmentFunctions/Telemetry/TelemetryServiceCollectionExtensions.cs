using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    public const string ExporterSetting = "Telemetry:Exporter";
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// OpenTelemetry traces and metrics of the HTTP requests (ASP.NET Core), of SegmentFunctions' own source (batches
    /// featurized, dead letters, store retries, retrain steps) and of what <paramref name="host"/> adds (the Functions
    /// worker's invocations), exported as <see cref="Resolve"/> decides.
    /// </summary>
    public static IServiceCollection AddSegmentTelemetry(this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? host = null)
    {
        var exporter = Resolve(configuration);
        if (exporter == TelemetryExporter.None)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(SegmentTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(SegmentTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(SegmentTelemetry.Name).AddAspNetCoreInstrumentation());
        host?.Invoke(telemetry);

        if (exporter == TelemetryExporter.ApplicationInsights)
        {
            var connectionString = configuration[ConnectionStringSetting];
            var credential = Credential(configuration[AuthenticationStringSetting]);
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => Configure(o, connectionString, credential)))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => Configure(o, connectionString, credential)));
        }
        else
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        return services;
    }

    /// <summary>
    /// The exporter to use: the explicit setting, or (unset or Auto) Application Insights when its connection string is
    /// set and the console otherwise. Never returns <see cref="TelemetryExporter.Auto"/>.
    /// </summary>
    internal static TelemetryExporter Resolve(IConfiguration configuration)
    {
        var configured = configuration[ExporterSetting];
        var exporter = TelemetryExporter.Auto;
        if (!string.IsNullOrWhiteSpace(configured)
            && !(Enum.TryParse(configured, ignoreCase: true, out exporter) && Enum.IsDefined(exporter)))
        {
            throw new InvalidOperationException(
                $"Telemetry__Exporter is '{configured}'; use one of {string.Join(", ", Enum.GetNames<TelemetryExporter>())}.");
        }

        if (exporter != TelemetryExporter.Auto)
        {
            return exporter;
        }

        return string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]) ? TelemetryExporter.Console : TelemetryExporter.ApplicationInsights;
    }

    /// <summary>
    /// "Authorization=AAD;ClientId=..." asks for Entra-authenticated ingestion with the user-assigned identity, as the
    /// Functions host reads the same setting; without it the connection string alone is used.
    /// </summary>
    internal static TokenCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }

    private static void Configure(AzureMonitorExporterOptions options, string? connectionString, TokenCredential? credential)
    {
        options.ConnectionString = connectionString;
        if (credential is not null)
        {
            options.Credential = credential;
        }
    }
}
