using Microsoft.Extensions.DependencyInjection.Extensions;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Hosting;

/// <summary>How the handler sits behind the Functions host.</summary>
public static class CustomHandlerHosting
{
    /// <summary>The port when the handler runs on its own, outside the Functions host.</summary>
    public const int StandalonePort = 7072;

    /// <summary>
    /// Listens on loopback only, so every call comes through the host (which checks function keys first), on the port
    /// the host chose and put in the child's environment; the port cannot come from host.json arguments because the
    /// host expands those in its own environment, where the variable does not exist.
    /// </summary>
    public static IWebHostBuilder UseCustomHandlerEndpoint(this IWebHostBuilder webHost)
    {
        var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } value
            ? value
            : StandalonePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        webHost.UseUrls($"http://127.0.0.1:{port}");

        // Only the host calls us, with whatever batch Event Hubs delivered; refusing a large one would fail it forever.
        webHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        return webHost;
    }

    public static IServiceCollection AddInvocationDecoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventHubTriggerOptions>().Bind(configuration);
        services.AddSingleton<EventHubInvocationDecoder>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>The host polls <c>GET /</c> until any HTTP answer comes back.</summary>
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Text("ready")).ExcludeFromDescription().WithMetadata(ApiKeyExempt.Instance);
        return endpoints;
    }
}
