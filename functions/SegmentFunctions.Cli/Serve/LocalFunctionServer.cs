using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Composition;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Hosting;
using SegmentFunctions.Telemetry;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// The HTTP functions without the Functions host: an ASP.NET Core server on the configured store that maps every
/// HTTP function from its own attributes (<see cref="HttpFunctions"/>) at the same path and methods, runs it with the
/// function app's own composition, runs retraining in this process on the local Durable Task host (the
/// <c>[DurableClient]</c> of the retraining functions is its client), and requires the optional API key (<see cref="ApiKeyOptions"/>) where the host
/// would require a function key. The dashboard's page is served at <c>/</c> beside the API. Every refusal is problem
/// details, also a request Kestrel refuses before the app runs (<see cref="RejectionProblems"/>).
/// </summary>
public static class LocalFunctionServer
{
    public const int DefaultPort = 7071;

    /// <summary>
    /// Settings that hold unless configured otherwise: ASP.NET Core's two Information lines per request (hosting,
    /// routing) cost more than a score request itself when written to the console.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>The server on <paramref name="configuration"/>, listening on loopback at <paramref name="port"/>.</summary>
    public static WebApplication Build(IConfiguration configuration, int port, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        builder.WebHost.ConfigureKestrel(options => options.ConfigureEndpointDefaults(listen => listen.UseRejectionProblems(options.Limits)));

        builder.Services.AddSegmentFunctions(builder.Configuration);
        builder.Services.AddLocalDurableTask(builder.Configuration);
        builder.Services.AddSegmentTelemetry(builder.Configuration);
        builder.Services.AddOptions<ApiKeyOptions>().Bind(builder.Configuration.GetSection(ApiKeyOptions.SectionName));
        builder.Services.AddExceptionHandler<ServeExceptionHandler>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRejectionTracking();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<DashboardMiddleware>(DashboardAssets.Load());
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapHttpFunctions(HttpFunctions.All);
        return app;
    }
}
